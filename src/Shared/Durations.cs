// Compiled into both Backends.Generator (netstandard2.0: backends.json values at build time) and Backends.Runtime
// (run-time overrides), so that the build and the run time read a duration the same way, with the same limits.
#if BACKENDS_GENERATOR
namespace Backends.Generator.Shared;
#else
namespace Backends.Runtime.Shared;
#endif

using System;
using System.Globalization;

/// <summary>What reading a duration found.</summary>
internal enum DurationResult
{
    /// <summary>A duration from zero to <see cref="TimeSpan.MaxValue"/>; its ticks are exact.</summary>
    Valid,

    /// <summary><c>"infinite"</c>: <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>.</summary>
    Infinite,

    /// <summary>A number (with or without a unit) that is negative or longer than <see cref="TimeSpan.MaxValue"/>.</summary>
    OutOfRange,

    /// <summary>Not a duration at all.</summary>
    Invalid,
}

/// <summary>
/// The one reading of a duration: <c>"500ms"</c>, <c>"30s"</c>, <c>"5m"</c>, <c>"1h"</c>, <c>"2d"</c>, a number of
/// seconds (<c>"90"</c>, or a JSON number), <c>"00:00:30"</c> (<see cref="TimeSpan"/>'s invariant format) or
/// <c>"infinite"</c>. Amounts are read as decimals, so <c>"0.1s"</c> is exactly one million ticks at build time and at
/// run time alike.
/// </summary>
internal static class Durations
{
    /// <summary>The largest number of seconds a duration may have: <see cref="TimeSpan.MaxValue"/>, rounded down.</summary>
    public const long MaxSeconds = 922_337_203_685;

    /// <summary>What to write instead of a value that is not a duration, for messages at build time and at run time.</summary>
    public const string Expected =
        "a duration such as \"30s\", \"500ms\", \"5m\" or \"00:00:30\", from 0 to 922337203685 seconds (about 29,000 years), or \"infinite\"";

    /// <summary>The ticks of <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>.</summary>
    public const long InfiniteTicks = -TimeSpan.TicksPerMillisecond;

    private static readonly (string Suffix, decimal Milliseconds)[] s_units =
    [
        ("ms", 1m), ("s", 1000m), ("m", 60_000m), ("h", 3_600_000m), ("d", 86_400_000m),
    ];

    /// <summary>Reads <paramref name="text"/>; on <see cref="DurationResult.Valid"/> and <see cref="DurationResult.Infinite"/>, <paramref name="ticks"/> is the value.</summary>
    public static DurationResult TryParse(string? text, out long ticks)
    {
        ticks = 0;
        if (text is null || text.Trim().Length == 0)
        {
            return DurationResult.Invalid;
        }

        var s = text.Trim();
        if (string.Equals(s, "infinite", StringComparison.OrdinalIgnoreCase))
        {
            ticks = InfiniteTicks;
            return DurationResult.Infinite;
        }

        foreach (var (suffix, milliseconds) in s_units)
        {
            if (!s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

#if BACKENDS_GENERATOR
            var number = s.Substring(0, s.Length - suffix.Length); // netstandard2.0 has no span overload
#else
            var number = s.AsSpan(0, s.Length - suffix.Length);
#endif
            if (decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                return ToTicks(amount, milliseconds, out ticks);
            }
        }

        if (decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return ToTicks(seconds, 1000m, out ticks);
        }

        if (TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var span))
        {
            ticks = span.Ticks;
            return span >= TimeSpan.Zero ? DurationResult.Valid : DurationResult.OutOfRange;
        }

        return DurationResult.Invalid;
    }

    private static DurationResult ToTicks(decimal amount, decimal millisecondsPerUnit, out long ticks)
    {
        ticks = 0;
        if (amount < 0)
        {
            return DurationResult.OutOfRange;
        }

        try
        {
            var exact = decimal.Truncate(amount * millisecondsPerUnit * TimeSpan.TicksPerMillisecond);
            if (exact > long.MaxValue)
            {
                return DurationResult.OutOfRange;
            }

            ticks = (long)exact;
            return DurationResult.Valid;
        }
        catch (OverflowException)
        {
            return DurationResult.OutOfRange;
        }
    }
}
