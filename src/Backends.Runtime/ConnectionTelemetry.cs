using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Backends.Runtime;

/// <summary>
/// The spans and metrics of the connection life cycle, recorded on <see cref="BackendsTelemetry"/>: spans
/// <c>backends.configure</c> (one per start-up attempt), <c>backends.ping</c> and <c>backends.close</c>; metrics
/// <c>backends.connection.state</c>, <c>backends.configure.duration</c>, <c>backends.configure.attempts</c> and
/// <c>backends.errors</c>.
/// </summary>
internal static class ConnectionTelemetry
{
    public const string ConfigureSpan = "backends.configure";
    public const string PingSpan = "backends.ping";
    public const string CloseSpan = "backends.close";
    public const string ConnectionTag = "backends.connection";
    public const string KindTag = "backends.kind";
    public const string AttemptTag = "backends.attempt";
    public const string OutcomeTag = "backends.outcome";
    public const string ErrorKindTag = "backends.error.kind";
    public const string PhaseTag = "backends.phase";

    // Connections are tracked weakly: a handle that is never closed must not be kept alive by the gauge.
    private static readonly ConditionalWeakTable<IBackendConnection, object?> s_connections = [];

    private static readonly Histogram<double> s_configureDuration = BackendsTelemetry.Meter.CreateHistogram<double>(
        "backends.configure.duration", "s", "How long a connection's start-up took, from the first attempt to ready, faulted or cancelled.");

    private static readonly Counter<long> s_configureAttempts = BackendsTelemetry.Meter.CreateCounter<long>(
        "backends.configure.attempts", "{attempt}", "Start-up attempts, tagged with their outcome (success or failure).");

    private static readonly Counter<long> s_errors = BackendsTelemetry.Meter.CreateCounter<long>(
        "backends.errors", "{error}", "Errors the connections met, tagged transient or permanent and with the phase.");

    private static readonly ObservableGauge<int> s_state = BackendsTelemetry.Meter.CreateObservableGauge(
        "backends.connection.state", ObserveStates, "{state}",
        "Each connection's state: 0 Created, 1 Configuring, 2 Ready, 3 Faulted, 4 Closed.");

    /// <summary>Reports <paramref name="connection"/> in <c>backends.connection.state</c> until <see cref="Untrack"/>.</summary>
    public static void Track(IBackendConnection connection)
    {
        GC.KeepAlive(s_state);
        s_connections.AddOrUpdate(connection, null);
    }

    /// <summary>Stops reporting <paramref name="connection"/>'s state.</summary>
    public static void Untrack(IBackendConnection connection) => s_connections.Remove(connection);

    public static Activity? StartSpan(string name, IBackendConnection connection)
    {
        var activity = BackendsTelemetry.ActivitySource.StartActivity(name, ActivityKind.Client);
        activity?.SetTag(ConnectionTag, connection.Name);
        activity?.SetTag(KindTag, connection.Backend);
        return activity;
    }

    public static void Fail(Activity? activity, Exception exception, string redactedMessage)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, redactedMessage);
        activity.SetTag("error.type", exception.GetType().FullName);
    }

    public static void RecordAttempt(IBackendConnection connection, bool success) =>
        s_configureAttempts.Add(1, new(ConnectionTag, connection.Name), new(KindTag, connection.Backend), new(OutcomeTag, success ? "success" : "failure"));

    public static void RecordStartup(IBackendConnection connection, TimeSpan duration, string outcome) =>
        s_configureDuration.Record(duration.TotalSeconds, new(ConnectionTag, connection.Name), new(KindTag, connection.Backend), new(OutcomeTag, outcome));

    public static void RecordError(IBackendConnection connection, BackendError error) =>
        s_errors.Add(1, new TagList
        {
            { ConnectionTag, connection.Name },
            { KindTag, connection.Backend },
            { ErrorKindTag, error.IsTransient ? "transient" : "permanent" },
            { PhaseTag, error.Phase },
        });

    private static IEnumerable<Measurement<int>> ObserveStates()
    {
        foreach (var (connection, _) in s_connections)
        {
            yield return new Measurement<int>((int)connection.State, new(ConnectionTag, connection.Name), new(KindTag, connection.Backend));
        }
    }
}
