namespace Backends.Runtime;

/// <summary>
/// What generated settings factories read at run time: the environment name that picks a
/// <c>backends.{Environment}.json</c> overlay, and the source of value overrides. One context is shared by all
/// the connections of a registry; it can be changed until the registry initializes.
/// </summary>
public sealed class BackendSettingsContext
{
    private IBackendValueSource _values;
    private string _environment;

    /// <summary>Creates a context reading <c>DOTNET_ENVIRONMENT</c> / <c>ASPNETCORE_ENVIRONMENT</c> and <c>Backends__*</c> variables.</summary>
    public BackendSettingsContext()
        : this(DefaultEnvironment(), new EnvironmentValueSource())
    {
    }

    /// <summary>Creates a context with an explicit environment name and override source.</summary>
    public BackendSettingsContext(string environment, IBackendValueSource values)
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        _values = values ?? throw new ArgumentNullException(nameof(values));
    }

    /// <summary>The environment name (<c>Development</c>, <c>Production</c>, ...); overlays match it ignoring case.</summary>
    public string Environment => _environment;

    /// <summary>The override source.</summary>
    public IBackendValueSource Values => _values;

    /// <summary>Set once settings have been read for start-up; changes after that would be silently ignored, so they throw.</summary>
    public bool IsFrozen { get; private set; }

    /// <summary>Replaces the override source (for example with an <c>IConfiguration</c>).</summary>
    public void UseValues(IBackendValueSource values)
    {
        ThrowIfFrozen();
        _values = values ?? throw new ArgumentNullException(nameof(values));
    }

    /// <summary>Replaces the environment name.</summary>
    public void UseEnvironment(string environment)
    {
        ThrowIfFrozen();
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
    }

    /// <summary>Whether the current environment is <paramref name="name"/> (ignoring case).</summary>
    public bool IsEnvironment(string name) => string.Equals(_environment, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the override at <paramref name="path"/>, or <see langword="null"/>.</summary>
    public string? Override(string path) => _values.GetValue(path);

    /// <summary>Returns the list override at <paramref name="path"/> (indexed items, or one comma-separated value), or <see langword="null"/>.</summary>
    public string[]? OverrideList(string path)
    {
        if (_values.GetList(path) is { Count: > 0 } items)
        {
            return [.. items];
        }

        return _values.GetValue(path) is { } joined ? SettingValue.ParseList(joined) : null;
    }

    /// <summary>
    /// Applies the run-time overrides of the entries <paramref name="keys"/> of a string map (<c>path:key</c>, for the
    /// pass-through <c>options</c>): a new map with each overridden entry replaced, or <see langword="null"/> when none
    /// of them is overridden (the map is kept as it is).
    /// </summary>
    /// <param name="map">The compiled map; <see langword="null"/> counts as empty.</param>
    /// <param name="path">The map's override path, <c>mysql:demo:options</c>.</param>
    /// <param name="keys">The entry keys the backends files give for this connection.</param>
    public Dictionary<string, string>? OverrideEntries(IEnumerable<KeyValuePair<string, string>>? map, string path, params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Dictionary<string, string>? result = null;
        foreach (var key in keys)
        {
            if (_values.GetValue(path + ":" + key) is { } value)
            {
                result ??= map is null ? [] : new Dictionary<string, string>(map);
                result[key] = value;
            }
        }

        return result;
    }

    /// <summary>
    /// Resolves the <c>${env:...}</c> / <c>${file:...}</c> references (and <c>$${</c> escapes) of a value compiled from
    /// <c>backends.json</c>. When <paramref name="path"/> has a run-time override, that override is the value: it is
    /// data, never parsed for references, and the compiled value is returned as it is, unresolved (the override
    /// replaces it).
    /// </summary>
    /// <param name="value">The compiled value.</param>
    /// <param name="path">The key's override path, <c>mysql:demo:password</c>.</param>
    public string? Resolve(string? value, string path) =>
        value is null || _values.GetValue(path) is not null ? value : SecretResolver.Resolve(value, path);

    /// <summary>
    /// Resolves the references of each item of a compiled list; a list replaced by a run-time override (items or one
    /// comma-separated value) is data and is returned as it is.
    /// </summary>
    public string[] ResolveList(IEnumerable<string> items, string path)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (_values.GetList(path) is { Count: > 0 } || _values.GetValue(path) is not null)
        {
            return [.. items];
        }

        return [.. items.Select(item => SecretResolver.Resolve(item, path)!)];
    }

    /// <summary>
    /// Resolves the references of each value of a compiled string map (the pass-through <c>options</c>); an entry
    /// replaced by a run-time override (<c>path:key</c>) is data and is kept as it is.
    /// </summary>
    public Dictionary<string, string> ResolveMap(IEnumerable<KeyValuePair<string, string>> entries, string path)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var result = new Dictionary<string, string>();
        foreach (var (key, value) in entries)
        {
            var entryPath = path + ":" + key;
            result[key] = _values.GetValue(entryPath) is not null ? value : SecretResolver.Resolve(value, entryPath)!;
        }

        return result;
    }

    internal void Freeze() => IsFrozen = true;

    private void ThrowIfFrozen()
    {
        if (IsFrozen)
        {
            throw new InvalidOperationException(
                "The backends have already read their settings (a handle's Config or Instance was used, or InitializeAsync ran), " +
                "so this change could no longer apply: set the environment and overrides (or call AddBackends) before that code.");
        }
    }

    private static string DefaultEnvironment() =>
        System.Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
        ?? System.Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
        ?? "Production";
}
