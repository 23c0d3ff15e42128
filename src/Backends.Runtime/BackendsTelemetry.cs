using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Backends.Runtime;

/// <summary>
/// The one <see cref="System.Diagnostics.ActivitySource"/> and the one <see cref="System.Diagnostics.Metrics.Meter"/>
/// of BackendGen, both named <see cref="Name"/>. The runtime and the adapters record their spans and metrics here, so
/// <c>tracing.AddSource("Backends")</c> and <c>metrics.AddMeter("Backends")</c> (or <c>Db.ActivitySourceNames</c> and
/// <c>Db.MeterNames</c>) are all an application writes to collect them.
/// </summary>
public static class BackendsTelemetry
{
    /// <summary>The name of the activity source and of the meter: <c>"Backends"</c>.</summary>
    public const string Name = "Backends";

    /// <summary>The source of every span BackendGen records (<c>backends.configure</c>, <c>backends.ping</c>, ...).</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, typeof(BackendsTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>The meter of every metric BackendGen records (<c>backends.connection.state</c>, <c>backends.errors</c>, ...).</summary>
    public static Meter Meter { get; } = new(Name, typeof(BackendsTelemetry).Assembly.GetName().Version?.ToString());
}
