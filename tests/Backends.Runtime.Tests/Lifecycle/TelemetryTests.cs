using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Backends.Runtime;
using Backends.Testing;

namespace Backends.Runtime.Tests.Lifecycle;

/// <summary>The spans and metrics the life cycle records on <see cref="BackendsTelemetry"/>, seen through the standard listeners.</summary>
public sealed class TelemetryTests
{
    private static ScriptedSettings Settings() => new()
    {
        StartupTimeout = TimeSpan.FromMinutes(1),
        RetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        Password = "telemetry-secret-91d2",
    };

    [Fact]
    public async Task Each_start_up_attempt_ping_and_close_is_a_span_with_the_connection_the_kind_the_attempt_and_the_error_status()
    {
        var name = "spans" + Guid.NewGuid().ToString("N")[..6];
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == BackendsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("backends.connection") as string == "scripted." + name)
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var connection = new ScriptedConnection(name, Settings(), (attempt, ct) =>
            attempt < 3 ? Task.FromException<ScriptedClient>(new IOException("refused; password telemetry-secret-91d2")) : Task.FromResult(new ScriptedClient()));

        await Wait.For(connection.ConfigureAsync());
        await connection.PingAsync();
        await connection.CloseAsync();

        var all = spans.ToArray();
        var configure = all.Where(a => a.OperationName == "backends.configure").ToArray();
        Assert.Equal([1, 2, 3], configure.Select(a => Assert.IsType<int>(a.GetTagItem("backends.attempt"))));
        Assert.All(configure, a => Assert.Equal("scripted", a.GetTagItem("backends.kind")));
        Assert.Equal([ActivityStatusCode.Error, ActivityStatusCode.Error, ActivityStatusCode.Unset], configure.Select(a => a.Status));
        Assert.All(configure.Take(2), a => Assert.DoesNotContain("telemetry-secret-91d2", a.StatusDescription, StringComparison.Ordinal));
        Assert.Single(all, a => a.OperationName == "backends.ping");
        Assert.Single(all, a => a.OperationName == "backends.close");
    }

    [Fact]
    public async Task Attempts_durations_errors_and_states_are_metrics()
    {
        var name = "metrics" + Guid.NewGuid().ToString("N")[..6];
        var full = "scripted." + name;
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == BackendsTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value;
            }

            if (map.GetValueOrDefault("backends.connection") as string == full)
            {
                measurements.Enqueue((instrument.Name, value, map));
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Keep(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Keep(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Keep(i, v, t));
        listener.Start();

        var connection = new ScriptedConnection(name, Settings(), (attempt, ct) =>
            attempt < 3 ? Task.FromException<ScriptedClient>(new IOException("refused")) : Task.FromResult(new ScriptedClient()));
        listener.RecordObservableInstruments();
        await Wait.For(connection.ConfigureAsync());
        listener.RecordObservableInstruments();
        var unrelated = connection.Report(new PermanentFailureException("bad data"));

        var all = measurements.ToArray();
        var attempts = all.Where(m => m.Instrument == "backends.configure.attempts").ToArray();
        Assert.Equal(3, attempts.Length);
        Assert.Equal(["failure", "failure", "success"], attempts.Select(a => a.Tags["backends.outcome"]));
        var duration = Assert.Single(all, m => m.Instrument == "backends.configure.duration");
        Assert.Equal("ready", duration.Tags["backends.outcome"]);
        Assert.True(duration.Value > 0);
        var errors = all.Where(m => m.Instrument == "backends.errors").ToArray();
        Assert.Equal(["transient", "transient", "permanent"], errors.Select(e => e.Tags["backends.error.kind"]));
        Assert.Equal("scripted", errors[0].Tags["backends.kind"]);
        var states = all.Where(m => m.Instrument == "backends.connection.state").Select(m => (ConnectionState)(int)m.Value).ToArray();
        Assert.Equal([ConnectionState.Created, ConnectionState.Ready], states);
        Assert.False(unrelated.IsTransient);

        await connection.CloseAsync();
        var count = measurements.Count;
        listener.RecordObservableInstruments();
        Assert.Equal(count, measurements.Count); // a closed connection leaves the gauge
    }
}
