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

    /// <summary>
    /// Parses a duration: <c>"500ms"</c>, <c>"30s"</c>, <c>"5m"</c>, <c>"1h"</c>, <c>"2d"</c>, <c>"00:00:30"</c>,
    /// <c>"infinite"</c> or a number of seconds, by the same rules (<c>src/Shared/Durations.cs</c>) the build applies to
    /// <c>backends.json</c>.
    /// </summary>
    /// <exception cref="BackendConfigurationException">The text is not a duration, or it is negative or longer than <see cref="TimeSpan.MaxValue"/>.</exception>
    public static TimeSpan ParseDuration(string text, string path) =>
        TryParseDuration(text, out var value) ? value : throw Invalid(path, text, Shared.Durations.Expected);

    /// <summary>Parses a duration; see <see cref="ParseDuration"/>.</summary>
    public static bool TryParseDuration(string? text, out TimeSpan value)
    {
        var result = Shared.Durations.TryParse(text, out var ticks);
        value = result is Shared.DurationResult.Valid or Shared.DurationResult.Infinite ? TimeSpan.FromTicks(ticks) : default;
        return result is Shared.DurationResult.Valid or Shared.DurationResult.Infinite;
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
