using System.Diagnostics.Metrics;

namespace Backends.Runtime.Stores;

/// <summary>The tiered stores' instruments, on the one <see cref="BackendsTelemetry.Meter"/>; each measurement is tagged <c>store</c>.</summary>
internal static class StoreTelemetry
{
    /// <summary><c>backends.store.pending</c>: the storage writes accepted and not yet done.</summary>
    public static readonly Gauge<int> Pending = BackendsTelemetry.Meter.CreateGauge<int>(
        "backends.store.pending", "{write}", "Storage writes a tiered store has accepted and not yet carried out.");

    /// <summary><c>backends.store.writes</c>: storage writes done, tagged <c>operation</c> (set or delete).</summary>
    public static readonly Counter<long> Writes = BackendsTelemetry.Meter.CreateCounter<long>(
        "backends.store.writes", "{write}", "Storage writes a tiered store carried out.");

    /// <summary>
    /// <c>backends.store.write_failures</c>: tagged <c>reason</c>: <c>retry</c> (an attempt failed and will be retried),
    /// <c>rejected</c> (storage refused the write for good), <c>abandoned</c> (still pending when the flush timeout ran out at close).
    /// </summary>
    public static readonly Counter<long> WriteFailures = BackendsTelemetry.Meter.CreateCounter<long>(
        "backends.store.write_failures", "{write}", "Storage writes of a tiered store that failed: retried, rejected, or abandoned at close.");
}
