namespace Backends.Generator.Model;

/// <summary>
/// One backend adapter found on a referenced assembly (or the compilation itself) through its
/// <c>[assembly: BackendAdapter]</c> attribute, reduced to names and the settings schema.
/// </summary>
/// <param name="Kind">The top-level key in backends files, <c>"mysql"</c>.</param>
/// <param name="ClassName">The accessor class, <c>MySql</c>.</param>
/// <param name="HandleType">The fully qualified handle type.</param>
/// <param name="SettingsType">The fully qualified settings type.</param>
/// <param name="InstanceType">The fully qualified native client type: the TInstance of <c>BackendConnection&lt;TInstance&gt;</c>.</param>
/// <param name="PackageId">The package that carries the adapter.</param>
/// <param name="Settings">The settings schema.</param>
/// <param name="ActivitySourceNames">The driver's activity sources, from the attribute's <c>ActivitySourceNames</c>.</param>
/// <param name="MeterNames">The driver's meters, from the attribute's <c>MeterNames</c>.</param>
internal sealed record AdapterSpec(
    string Kind,
    string ClassName,
    string HandleType,
    string SettingsType,
    string InstanceType,
    string PackageId,
    SettingsSchema Settings,
    EquatableArray<string> ActivitySourceNames,
    EquatableArray<string> MeterNames)
{
    /// <summary>Whether the handle type implements <c>Backends.Runtime.IKeyValueStore</c>, so a tiered store may use it as a tier.</summary>
    public bool IsKeyValueStore { get; init; }

    /// <summary>
    /// The keys of a connection this adapter owns as declared data (<c>BackendAdapterAttribute.DeclaredDataKeys</c>, such as
    /// <c>"collections"</c>): not settings, but input for the kind's feature module.
    /// </summary>
    public EquatableArray<string> DeclaredDataKeys { get; init; } = EquatableArray<string>.Empty;

    /// <summary>
    /// The names of the members a class deriving from the handle type inherits (its own, its base classes' and
    /// <see cref="object"/>'s), sorted: names a generated member must not take. Read only for adapters that own declared data.
    /// </summary>
    public EquatableArray<string> HandleMemberNames { get; init; } = EquatableArray<string>.Empty;

    /// <summary>
    /// Whether the settings type is declared in the compilation being built (an adapter project, or an adapter written
    /// in the application): its settings schema is generated there, and registered when that assembly loads.
    /// </summary>
    public bool IsSettingsInCompilation { get; init; }
}

/// <summary>The settings of one class: its properties in order and its RequireOneOf groups.</summary>
internal sealed record SettingsSchema(EquatableArray<SettingSpec> Settings, EquatableArray<RequireOneOfSpec> RequireOneOf);

/// <summary>A <c>[RequireOneOf("hosts", "host")]</c> group: at least one of the keys must be written.</summary>
internal sealed record RequireOneOfSpec(EquatableArray<string> Keys);

/// <summary>What a setting property holds, which decides the JSON it accepts and the code that sets it.</summary>
internal enum SettingType
{
    String,
    Boolean,
    Int32,
    Int64,
    Double,
    Duration,
    Enum,
    StringList,
    StringMap,
    Object,
    Unsupported,
}

/// <summary>How a string list property is assigned: an array fits every interface, a <c>List&lt;string&gt;</c> needs its own.</summary>
internal enum ListShape
{
    Array,
    List,
}

/// <summary>One settable property of a settings class.</summary>
/// <param name="Key">The JSON key: <c>[Setting("key")]</c> or the camelCased property name.</param>
/// <param name="PropertyName">The C# property name.</param>
/// <param name="Type">What the property holds.</param>
/// <param name="TypeName">The fully qualified type (enum, nested class, or the display name of an unsupported type).</param>
/// <param name="IsNullable">Whether null is a valid value.</param>
/// <param name="IsSettable">Whether the property has a public setter (a nested object without one is filled in place).</param>
/// <param name="Required">The connection is invalid without the key.</param>
/// <param name="Min">The smallest allowed number, if any.</param>
/// <param name="Max">The largest allowed number, if any.</param>
/// <param name="Secret">The value is a secret: a literal is a warning and is not compiled in.</param>
/// <param name="ListShape">For string lists, how to build one.</param>
/// <param name="EnumMembers">For enums, the member names in declaration order.</param>
/// <param name="Nested">For nested objects, their own schema.</param>
internal sealed record SettingSpec(
    string Key,
    string PropertyName,
    SettingType Type,
    string TypeName,
    bool IsNullable,
    bool IsSettable,
    bool Required,
    double? Min,
    double? Max,
    bool Secret,
    ListShape ListShape,
    EquatableArray<string> EnumMembers,
    SettingsSchema? Nested)
{
    /// <summary>
    /// For a string map of pass-through options, the keys whose values are secrets (<c>[Setting(SecretKeys = "...")]</c>),
    /// in the normal form of <see cref="Naming.References.NormalizeKey"/>.
    /// </summary>
    public EquatableArray<string> SecretKeys { get; init; } = EquatableArray<string>.Empty;
}

/// <summary>
/// The adapters a compilation can see, whether it references Backends.Hosting (then <c>AddBackends</c> is emitted), and problems with
/// adapter declarations. Kinds in <see cref="InvalidKinds"/> are declared but unusable (already reported).
/// </summary>
internal sealed record AdapterSet(
    EquatableArray<AdapterSpec> Adapters,
    EquatableArray<string> InvalidKinds,
    bool HasRuntime,
    bool HasHosting,
    EquatableArray<DiagnosticInfo> Diagnostics);
