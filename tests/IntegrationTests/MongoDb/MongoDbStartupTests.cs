using Backends.MongoDb;
using Backends.Runtime;
using IntegrationTests.Infrastructure;
using MongoDB.Driver;
using MongoTestServer;

namespace IntegrationTests.MongoDb;

/// <summary>Start-up against servers that are late, absent, or refuse the credentials.</summary>
public sealed class MongoDbStartupTests(MongoFixture fixture) : IClassFixture<MongoFixture>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_server_that_starts_3_s_late_is_retried_until_Ready()
    {
        var port = LoopbackPorts.Free();
        var settings = fixture.Settings();
        settings.Hosts = ["127.0.0.1:" + port];
        settings.ReplicaSet = null;
        settings.Options = new Dictionary<string, string> { ["directConnection"] = "true" };
        settings.ServerSelectionTimeout = TimeSpan.FromMilliseconds(500);
        settings.StartupTimeout = Generous;
        await using var backend = new MongoDbBackend("late", settings);
        backend.RegisterCollection(new CollectionSpec("events") { Unique = [["eventId"]] });
        var firstError = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        backend.Error += (_, _) => firstError.TrySetResult();

        var configuring = backend.ConfigureAsync();
        await firstError.Task.WaitAsync(Generous); // at least one attempt failed while nothing listened
        Assert.Equal(ConnectionState.Configuring, backend.State);
        Assert.All(backend.Errors, e => Assert.True(e.IsTransient, e.Message));

        await Task.Delay(TimeSpan.FromSeconds(3));
        // The test server itself starts on the port; for a real mongod, a forwarder to it does.
        await using IAsyncDisposable late = fixture.IsTestServer
            ? MongoWireServer.Start(port)
            : TcpForwarder.Start(fixture.Target, port);

        await configuring.WaitAsync(Generous);
        Assert.Equal(ConnectionState.Ready, backend.State);
        Assert.NotEmpty(backend.Errors);
        Assert.All(backend.Errors, e => Assert.True(e.IsTransient, e.Message));
        await backend.PingAsync();
        var indexes = await (await backend.Database.GetCollection<MongoDB.Bson.BsonDocument>("events").Indexes.ListAsync()).ToListAsync();
        Assert.Contains(indexes, i => i["name"] == "eventId_1");
    }

    [Fact]
    public async Task A_server_that_never_comes_faults_once_the_startup_timeout_passes()
    {
        var settings = fixture.Settings();
        settings.Hosts = ["127.0.0.1:" + LoopbackPorts.Free()];
        settings.ReplicaSet = null;
        settings.ServerSelectionTimeout = TimeSpan.FromMilliseconds(300);
        settings.StartupTimeout = TimeSpan.FromSeconds(2);
        await using var backend = new MongoDbBackend("absent", settings);

        var failure = await Assert.ThrowsAsync<BackendStartupException>(() => backend.ConfigureAsync().WaitAsync(Generous));

        Assert.Equal("mongodb.absent", failure.Connection);
        Assert.Contains("startupTimeout", failure.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Faulted, backend.State);
        Assert.True(backend.Ready.IsFaulted);
        Assert.True(backend.Errors.Count >= 2);
        Assert.All(backend.Errors.SkipLast(1), e => Assert.True(e.IsTransient, e.Message));
    }

    [Fact]
    public async Task Wrong_credentials_fault_at_once_and_the_password_is_never_shown()
    {
        var settings = fixture.Settings();
        settings.Username = "nobody-" + Guid.NewGuid().ToString("N")[..8];
        settings.Password = "wrong-" + Guid.NewGuid().ToString("N");
        settings.AuthSource = "admin";
        await using var backend = new MongoDbBackend("auth", settings);

        var failure = await Assert.ThrowsAsync<BackendStartupException>(() => backend.ConfigureAsync().WaitAsync(Generous));

        Assert.Equal(ConnectionState.Faulted, backend.State);
        var error = Assert.Single(backend.Errors); // permanent: no second attempt
        Assert.False(error.IsTransient);
        Assert.Contains(Chain(failure), e => e is RedactedException { OriginalTypeName: "MongoDB.Driver.MongoAuthenticationException" });
        foreach (var e in Chain(failure))
        {
            Assert.DoesNotContain(settings.Password, e.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(settings.Password, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(settings.Password, backend.Config.ToString(), StringComparison.Ordinal);
    }

    private static List<Exception> Chain(Exception exception)
    {
        var chain = new List<Exception>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            chain.Add(e);
        }

        return chain;
    }
}
