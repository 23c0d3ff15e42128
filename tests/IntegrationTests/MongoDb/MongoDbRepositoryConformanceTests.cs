using Backends.MongoDb;
using Backends.Runtime;
using Backends.Testing;

namespace IntegrationTests.MongoDb;

/// <summary>
/// The shared <see cref="RepositoryConformance"/> suite against <see cref="MongoRepository{T, TKey}"/> (test server or
/// BACKENDS_TEST_MONGODB), a database of its own per test. The documents go through the BSON serializer generated for the
/// <c>users</c> collection declared in backends.json, as a generated repository's do.
/// </summary>
public sealed class MongoDbRepositoryConformanceTests(MongoFixture fixture) : RepositoryConformance, IClassFixture<MongoFixture>
{
    protected override async Task<(IRepository<ConformanceUser, string> Repository, IAsyncDisposable Owner)> CreateRepositoryAsync()
    {
        DbBsonSerializers.Register();
        var backend = new MongoDbBackend("repository", fixture.Settings());
        backend.RegisterCollection(new CollectionSpec("users") { Indexes = [["email"]] });
        var users = new MongoRepository<ConformanceUser, string>(
            backend, "users", static u => u.Id, [new MongoRepositoryIndex("Id", "_id"), new MongoRepositoryIndex("Email", "email")]);
        await backend.ConfigureAsync();
        return (users, backend);
    }
}
