using Backends.Runtime;
using Backends.Sqlite;

namespace Backends.Runtime.Tests.Registry;

/// <summary>Registry behaviour over real SQLite connections (no server needed).</summary>
public sealed class RegistryTests
{
    private static SqliteBackend Memory(string name) => new(name, new SqliteSettings { Path = ":memory:" });

    [Fact]
    public async Task Initialize_brings_every_connection_up_and_dispose_closes_them()
    {
        var a = Memory("a");
        var b = Memory("b");
        var registry = new BackendRegistry([a, b]);
        Assert.Equal(ConnectionState.Created, a.State);

        await registry.InitializeAsync();

        Assert.True(registry.IsReady);
        Assert.True(a.Ready.IsCompletedSuccessfully);
        Assert.Same(a, registry.Get("sqlite.a"));
        Assert.Same(b, registry.Backend("sqlite").Get("b"));
        Assert.Equal(["sqlite.a", "sqlite.b"], registry.All.Select(c => c.Name));

        await registry.DisposeAsync();
        Assert.Equal(ConnectionState.Closed, a.State);
        Assert.Equal(ConnectionState.Closed, b.State);
        Assert.Throws<InvalidOperationException>(() => a.Instance);
    }

    [Fact]
    public void Unknown_names_suggest_the_nearest()
    {
        var registry = new BackendRegistry([Memory("orders"), Memory("users")]);
        var ex = Assert.Throws<KeyNotFoundException>(() => registry.Get("sqlite.order"));
        Assert.Contains("'sqlite.orders'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_are_found_as_declared_and_in_any_casing()
    {
        var orders = Memory("orders");
        var registry = new BackendRegistry([orders, Memory("users")]);

        Assert.Same(orders, registry.Get("sqlite.orders"));
        Assert.Same(orders, registry.Get("SQLite.Orders"));
        Assert.True(registry.TryGet("SQLITE.ORDERS", out var found));
        Assert.Same(orders, found);
        Assert.False(registry.TryGet("sqlite.order", out _));
    }

    [Fact]
    public void Duplicate_names_are_rejected() =>
        Assert.Throws<ArgumentException>(() => new BackendRegistry([Memory("x"), Memory("x")]));

    [Fact]
    public async Task A_permanent_error_faults_the_connection_and_names_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "backends-missing-" + Guid.NewGuid().ToString("N"), "x.db");
        var bad = new SqliteBackend("bad", new SqliteSettings { Path = missing, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadWrite });
        var good = Memory("good");
        await using var registry = new BackendRegistry([bad, good]);

        var ex = await Assert.ThrowsAsync<BackendStartupException>(() => registry.InitializeAsync());

        Assert.Contains("sqlite.bad", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Faulted, bad.State);

        // The failure does not wait for the others: one that was not up yet had its start-up cancelled (issue 7, defect 3).
        Assert.True(good.State is ConnectionState.Ready or ConnectionState.Created, $"good is {good.State}");
        Assert.True(good.Ready.IsCompletedSuccessfully || good.Ready.IsCanceled, $"good's Ready is {good.Ready.Status}");
        Assert.NotEmpty(bad.Errors);
        Assert.False(bad.Errors[0].IsTransient);
        await Assert.ThrowsAsync<BackendStartupException>(() => bad.Ready);
    }

    [Fact]
    public async Task Errors_are_raised_as_events_and_kept()
    {
        var missing = Path.Combine(Path.GetTempPath(), "backends-missing-" + Guid.NewGuid().ToString("N"), "x.db");
        var bad = new SqliteBackend("bad", new SqliteSettings { Path = missing, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadWrite });
        var raised = new List<BackendError>();
        bad.Error += (_, e) => raised.Add(e.Error);

        await Assert.ThrowsAsync<BackendStartupException>(() => bad.ConfigureAsync());

        Assert.NotEmpty(raised);
        Assert.Equal(raised, bad.Errors);
        Assert.All(raised, e => Assert.Equal("sqlite.bad", e.Connection));
    }

    [Fact]
    public async Task A_cancelled_start_up_throws_and_leaves_the_connection_startable_again()
    {
        var connection = Memory("c");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.ConfigureAsync(cancelled.Token));
        Assert.Equal(ConnectionState.Created, connection.State);
        Assert.True(connection.Ready.IsCanceled);
        await connection.ConfigureAsync();
        Assert.Equal(ConnectionState.Ready, connection.State);
        Assert.True(connection.Ready.IsCompletedSuccessfully);
        await connection.CloseAsync();
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Fact]
    public void Settings_text_redacts_secrets()
    {
        var settings = new SqliteSettings { Path = "x.db", Password = "hunter2" };
        var text = settings.ToString();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("password = ***", text, StringComparison.Ordinal);
        Assert.Contains("path = x.db", text, StringComparison.Ordinal);
    }
}
