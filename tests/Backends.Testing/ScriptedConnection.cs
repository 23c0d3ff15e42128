using Backends.Runtime;

namespace Backends.Testing;

/// <summary>
/// A connection handle whose attempts follow a script, for testing the life cycle of <see cref="BackendConnection{TInstance}"/>
/// itself (cancellation at each await, attempts a driver will not cancel, handler isolation, races). It stands in for no
/// database: the fault tests against real servers are in IntegrationTests (<c>Lifecycle/MySqlFaultTests</c>).
/// </summary>
public sealed class ScriptedConnection : BackendConnection<ScriptedClient>
{
    private readonly Func<int, CancellationToken, Task<ScriptedClient>> _attempt;
    private int _attempts;

    /// <summary>Creates the handle; <paramref name="attempt"/> runs for each start-up attempt (1, 2, ...).</summary>
    public ScriptedConnection(string name, ScriptedSettings settings, Func<int, CancellationToken, Task<ScriptedClient>> attempt)
        : base("scripted", name, () => settings) => _attempt = attempt;

    /// <summary>Clients this handle disposed.</summary>
    public List<ScriptedClient> Disposed { get; } = [];

    /// <summary>Records <paramref name="exception"/> as a run-time error (as an adapter's reader thread would).</summary>
    public BackendError Report(Exception exception) => ReportError(exception, "server");

    /// <summary>An attempt that fails with a transient error.</summary>
    public static Task<ScriptedClient> Down(CancellationToken cancellationToken) =>
        Task.FromException<ScriptedClient>(new IOException("connection refused (scripted)"));

    /// <summary>An attempt that never ends and ignores cancellation, as a driver stuck on a black-holed socket.</summary>
    public static Task<ScriptedClient> Stuck(CancellationToken cancellationToken) => new TaskCompletionSource<ScriptedClient>().Task;

    /// <inheritdoc />
    protected override ValueTask<ScriptedClient> CreateInstanceAsync(CancellationToken cancellationToken) =>
        new(_attempt(Interlocked.Increment(ref _attempts), cancellationToken));

    /// <inheritdoc />
    protected override ValueTask PingInstanceAsync(ScriptedClient instance, CancellationToken cancellationToken) =>
        instance.Ping(cancellationToken);

    /// <inheritdoc />
    protected override ValueTask DisposeInstanceAsync(ScriptedClient instance)
    {
        lock (Disposed)
        {
            Disposed.Add(instance);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    protected override bool IsTransient(Exception exception) => exception is not (PermanentFailureException or BackendConfigurationException);
}

/// <summary>The scripted native client.</summary>
public sealed class ScriptedClient
{
    /// <summary>What a ping does; answers at once by default.</summary>
    public Func<CancellationToken, ValueTask> Ping { get; init; } = _ => ValueTask.CompletedTask;
}

/// <summary>Settings of a <see cref="ScriptedConnection"/>: the shared start-up settings only.</summary>
public sealed class ScriptedSettings : BackendSettings
{
    /// <summary>A secret, to check redaction.</summary>
    public string? Password { get; set; }

    /// <inheritdoc />
    public override IEnumerable<string> GetSecrets() => Password is null ? [] : [Password];

    /// <inheritdoc />
    protected override void Describe(SettingsText text) => text.AddSecret("password", Password);
}

/// <summary>An error waiting cannot fix (the scripted equivalent of a wrong password).</summary>
public sealed class PermanentFailureException(string message) : Exception(message);
