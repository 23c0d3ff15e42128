using Backends.DynamoDb;
using Backends.Runtime;
using Backends.Testing;

namespace IntegrationTests.DynamoDb;

/// <summary>The shared <see cref="KeyValueStoreConformance{TStore}"/> suite against DynamoDbBackend (dynalite or BACKENDS_TEST_DYNAMODB_URL).</summary>
public sealed class DynamoDbKeyValueConformanceTests(DynamoFixture fixture) : KeyValueStoreConformance<DynamoDbBackend>, IClassFixture<DynamoFixture>
{
    private readonly string _prefix = fixture.NewPrefix();

    // A DynamoDB item holds at most 400 KB, key and attribute names included.
    protected override int MaxValueBytes => 380 * 1024;

    protected override DynamoDbBackend CreateStore() => new("conformance", fixture.Settings(_prefix));
}

/// <summary>The shared <see cref="RepositoryConformance"/> suite against a hash-only DynamoTable (a fresh table per test).</summary>
public sealed class DynamoDbRepositoryConformanceTests(DynamoFixture fixture) : RepositoryConformance, IClassFixture<DynamoFixture>
{
    protected override async Task<(IRepository<ConformanceUser, string> Repository, IAsyncDisposable Owner)> CreateRepositoryAsync()
    {
        var backend = new DynamoDbBackend("repository", fixture.Settings());
        var users = new ConformanceUsersTable(backend);
        await backend.ConfigureAsync();
        return (users, backend);
    }
}
