using System.Collections;

namespace Backends.Runtime;

/// <summary>
/// Reads overrides from environment variables named <c>Backends__mysql__demo__password</c>
/// (the same names <c>IConfiguration</c>'s environment provider maps to <c>Backends:mysql:demo:password</c>).
/// </summary>
public sealed class EnvironmentValueSource : IBackendValueSource
{
    /// <summary>The prefix every override variable starts with.</summary>
    public const string Prefix = "Backends__";

    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Takes a snapshot of the current process's environment.</summary>
    public EnvironmentValueSource()
    {
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value &&
                key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                _values[key[Prefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = value;
            }
        }
    }

    /// <inheritdoc />
    public string? GetValue(string path) => _values.TryGetValue(path, out var value) ? value : null;

    /// <inheritdoc />
    public IReadOnlyList<string>? GetList(string path) => ValueSourceLists.Collect(this, path);
}
