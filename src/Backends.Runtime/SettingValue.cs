using System.Globalization;

namespace Backends.Runtime;

/// <summary>
/// Parses run-time override strings into setting values, with errors that name the key and say what to write.
/// Generated code calls these; the generator applies the same rules to <c>backends.json</c> at build time.
/// </summary>
public static class SettingValue
{
    /// <summary>Parses a whole number within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int ParseInt32(string text, string path, double min = double.NaN, double max = double.NaN)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw Invalid(path, text, "a whole number such as 10");
        }

        CheckRange(value, path, min, max);
        return value;
    }

    /// <summary>Parses a 64-bit whole number within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static long ParseInt64(string text, string path, double min = double.NaN, double max = double.NaN)
    {
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw Invalid(path, text, "a whole number such as 10");
        }

        CheckRange(value, path, min, max);
        return value;
    }

    /// <summary>Parses a number within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static double ParseDouble(string text, string path, double min = double.NaN, double max = double.NaN)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw Invalid(path, text, "a number such as 1.5");
        }

        CheckRange(value, path, min, max);
        return value;
    }

    /// <summary>Parses <c>true</c> or <c>false</c>.</summary>
    public static bool ParseBoolean(string text, string path) =>
        bool.TryParse(text, out var value) ? value : throw Invalid(path, text, "true or false");

    /// <summary>Parses a duration: <c>"500ms"</c>, <c>"30s"</c>, <c>"5m"</c>, <c>"1h"</c>, <c>"00:00:30"</c>, <c>"infinite"</c> or a number of seconds.</summary>
    /// <exception cref="BackendConfigurationException">The text is not a duration, or it is longer than <see cref="TimeSpan.MaxValue"/>.</exception>
    public static TimeSpan ParseDuration(string text, string path) =>
        TryParseDuration(text, out var value)
            ? value
            : throw Invalid(path, text, "a duration such as \"30s\", \"500ms\", \"5m\" or \"00:00:30\", from 0 to 922337203685 seconds (about 29,000 years), or \"infinite\"");

    /// <summary>Parses a duration; see <see cref="ParseDuration"/>.</summary>
    public static bool TryParseDuration(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (s.Equals("infinite", StringComparison.OrdinalIgnoreCase))
        {
            value = Timeout.InfiniteTimeSpan;
            return true;
        }

        (string Suffix, double Scale)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)];
        foreach (var (suffix, scale) in units)
        {
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) &&
                double.TryParse(s.AsSpan(0, s.Length - suffix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) &&
                n >= 0)
            {
                return TryMilliseconds(n * scale, out value);
            }
        }

        // The build accepts a JSON number of seconds up to TimeSpan's range, so an override may be as large.
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TryMilliseconds(seconds * 1000, out value);
        }

        return TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }

    private static bool TryMilliseconds(double milliseconds, out TimeSpan value)
    {
        // TimeSpan.FromMilliseconds throws OverflowException past TimeSpan.MaxValue; a too-large value is invalid input.
        value = default;
        if (double.IsNaN(milliseconds) || double.IsInfinity(milliseconds) || milliseconds >= TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        try
        {
            value = TimeSpan.FromMilliseconds(milliseconds);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Parses the name of a member of <typeparamref name="TEnum"/>, ignoring case.</summary>
    public static TEnum ParseEnum<TEnum>(string text, string path)
        where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw Invalid(path, text, "one of " + string.Join(", ", Enum.GetNames<TEnum>()));

    /// <summary>Splits a comma-separated override (<c>"a:1,b:2"</c>) into its items.</summary>
    public static string[] ParseList(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void CheckRange(double value, string path, double min, double max)
    {
        if ((!double.IsNaN(min) && value < min) || (!double.IsNaN(max) && value > max))
        {
            throw new BackendConfigurationException(string.Create(
                CultureInfo.InvariantCulture,
                $"Backends:{path} = {value} is out of range: write a number from {(double.IsNaN(min) ? "any" : min)} to {(double.IsNaN(max) ? "any" : max)}."));
        }
    }

    private static BackendConfigurationException Invalid(string path, string text, string expected) =>
        new($"Backends:{path} = \"{text}\" is not valid: write {expected}.");
}
