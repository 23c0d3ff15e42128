namespace Backends.Runtime;

/// <summary>
/// Describes one property of an adapter's settings class to the generator: its JSON key, whether it is required,
/// its numeric range and whether it holds a secret. Read at build time only.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class SettingAttribute : Attribute
{
    /// <summary>Describes a setting whose JSON key is the camelCased property name.</summary>
    public SettingAttribute()
    {
    }

    /// <summary>Describes a setting with an explicit JSON key.</summary>
    /// <param name="key">The key in <c>backends.json</c>.</param>
    public SettingAttribute(string key) => Key = key;

    /// <summary>The key in <c>backends.json</c>; <see langword="null"/> means the camelCased property name.</summary>
    public string? Key { get; }

    /// <summary>The connection is invalid without this value.</summary>
    public bool Required { get; set; }

    /// <summary>The smallest allowed number (inclusive), checked at build time and on run-time overrides.</summary>
    public double Min { get; set; } = double.NaN;

    /// <summary>The largest allowed number (inclusive), checked at build time and on run-time overrides.</summary>
    public double Max { get; set; } = double.NaN;

    /// <summary>
    /// The value is a secret: a literal in <c>backends.json</c> is a build warning and is never compiled into the
    /// assembly, and <see cref="object.ToString"/> and log messages show it redacted.
    /// </summary>
    public bool Secret { get; set; }

    /// <summary>
    /// For a string map of pass-through options: the option keys whose values are secrets, comma-separated
    /// (compared as <see cref="Backends.Runtime.SecretKeys"/> does; a key containing <c>password</c> or <c>secret</c> is always one).
    /// A literal value under such a key is a build warning and is never compiled in; <see cref="object.ToString"/>
    /// shows it redacted.
    /// </summary>
    public string? SecretKeys { get; set; }

    /// <summary>A one-line description, shown in diagnostics and documentation.</summary>
    public string? Description { get; set; }
}
