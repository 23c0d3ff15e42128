using IntegrationTests.MySql;

namespace IntegrationTests.Infrastructure;

/// <summary>
/// The tests that use the generated <c>Db</c>. It is one static class per process whose settings freeze on first use, so
/// they share one <see cref="GeneratedDbFixture"/>, which applies the run-time overrides and starts every connection
/// (MariaDB, SQLite and the MongoDB test server) before any of them runs.
/// </summary>
[CollectionDefinition(Name)]
public sealed class GeneratedDbGroup : ICollectionFixture<GeneratedDbFixture>
{
    public const string Name = "Generated Db";
}
