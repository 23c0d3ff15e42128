namespace IntegrationTests.MySql;

/// <summary>One MariaDB server shared by the tests of <see cref="SharedMariaDb"/>; started once, stopped and deleted at the end.</summary>
public sealed class MariaDbFixture : IAsyncLifetime
{
    private MariaDbServer? _server;

    /// <summary>The running server.</summary>
    public MariaDbServer Server => _server ?? throw new InvalidOperationException("The MariaDB fixture has not started.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _server = await MariaDbServer.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>The tests that share one <see cref="MariaDbFixture"/> server.</summary>
[CollectionDefinition(Name)]
public sealed class SharedMariaDb : ICollectionFixture<MariaDbFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "MariaDB";
}
