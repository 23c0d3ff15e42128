using Backends.MongoDb;
using Backends.Testing;

namespace IntegrationTests.MongoDb;

/// <summary>The shared <see cref="KeyValueStoreConformance{TStore}"/> suite against MongoDbBackend (test server or BACKENDS_TEST_MONGODB).</summary>
public sealed class MongoDbKeyValueConformanceTests(MongoFixture fixture) : KeyValueStoreConformance<MongoDbBackend>, IClassFixture<MongoFixture>
{
    private readonly string _database = fixture.NewDatabase();

    protected override MongoDbBackend CreateStore() => new("conformance", fixture.Settings(_database));
}
