namespace Backends.Generator.Model;

/// <summary>
/// One validated connection, everything the emitters need: names, types, and the values each file sets.
/// </summary>
/// <param name="Kind">The backend kind, <c>"mysql"</c>.</param>
/// <param name="Name">The connection name as written, <c>"order-archive"</c>.</param>
/// <param name="Identifier">The accessor name, <c>OrderArchive</c>.</param>
/// <param name="Adapter">The adapter that serves the kind.</param>
/// <param name="FieldName">The private static field that holds the handle.</param>
/// <param name="Line">The 1-based line of the name in the base file.</param>
/// <param name="BaseFileName">The base file's name, <c>backends.json</c>.</param>
/// <param name="BaseValues">The values the base file sets.</param>
/// <param name="Overlays">The values each environment's overlay sets, ordered by environment.</param>
internal sealed record ConnectionSpec(
    string Kind,
    string Name,
    string Identifier,
    AdapterSpec Adapter,
    string FieldName,
    int Line,
    string BaseFileName,
    EquatableArray<ValueSpec> BaseValues,
    EquatableArray<OverlaySpec> Overlays)
{
    /// <summary>The full name, <c>"mysql.demo"</c>.</summary>
    public string FullName => Kind + "." + Name;

    /// <summary>The run-time override path prefix, <c>"mysql:demo"</c>.</summary>
    public string OverridePath => Kind + ":" + Name;
}

/// <summary>The values one overlay file sets for one connection.</summary>
internal sealed record OverlaySpec(string Environment, string FileName, EquatableArray<ValueSpec> Values);

/// <summary>How a written value is set.</summary>
internal enum ValueKind
{
    /// <summary>A scalar: <see cref="ValueSpec.Text"/> holds its canonical text (string content, number, member name, ticks).</summary>
    Scalar,

    /// <summary>JSON null for a nullable setting.</summary>
    Null,

    /// <summary>A string list: <see cref="ValueSpec.Items"/>.</summary>
    List,

    /// <summary>A string map: <see cref="ValueSpec.Entries"/>.</summary>
    Map,

    /// <summary>A nested object: <see cref="ValueSpec.Members"/>.</summary>
    Object,

    /// <summary>A literal secret: reported (BG0011) and deliberately not compiled in.</summary>
    OmittedSecret,
}

/// <summary>One value written in a backends file, checked against its setting and converted to canonical form.</summary>
internal sealed record ValueSpec(
    SettingSpec Setting,
    ValueKind Kind,
    string Text,
    EquatableArray<string> Items,
    EquatableArray<MapEntrySpec> Entries,
    EquatableArray<ValueSpec> Members)
{
    public static ValueSpec Scalar(SettingSpec setting, string text) =>
        new(setting, ValueKind.Scalar, text, EquatableArray<string>.Empty, EquatableArray<MapEntrySpec>.Empty, EquatableArray<ValueSpec>.Empty);

    public static ValueSpec Of(SettingSpec setting, ValueKind kind) =>
        new(setting, kind, "", EquatableArray<string>.Empty, EquatableArray<MapEntrySpec>.Empty, EquatableArray<ValueSpec>.Empty);
}

/// <summary>One entry of a string map.</summary>
/// <param name="Key">The key as written.</param>
/// <param name="Value">The value as written (references resolve at run time).</param>
/// <param name="Omitted">A literal secret: reported (BG0011) and deliberately not compiled in; only its key is kept, so it can be overridden.</param>
internal sealed record MapEntrySpec(string Key, string Value, bool Omitted = false);
