namespace Backends.Generator.Model;

/// <summary>The MSBuild properties the generator reads, as given (empty means unset).</summary>
internal sealed record GeneratorOptions(string? BackendsNamespace, string? RootNamespace, string? ClassName);

/// <summary>One kind's accessor class and its connections in declaration order.</summary>
internal sealed record KindSpec(string Kind, string ClassName, EquatableArray<ConnectionSpec> Connections);

/// <summary>
/// Everything one generator run emits: the namespace and class name, the kinds with their connections, and every
/// diagnostic. <see cref="ShouldEmit"/> is false when there is no usable base file, so no code is generated.
/// </summary>
internal sealed record GenerationSpec(
    bool ShouldEmit,
    string? Namespace,
    string ClassName,
    bool EmitServiceCollection,
    EquatableArray<KindSpec> Kinds,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The tiered stores of the <c>"stores"</c> section, in declaration order.</summary>
    public EquatableArray<StoreSpec> Stores { get; init; } = EquatableArray<StoreSpec>.Empty;

    /// <summary>
    /// The keys adapters own as declared data, as written in the base file and the overlays (base first, then overlays by
    /// environment), for the feature modules; taken out of the settings the core validates.
    /// </summary>
    public EquatableArray<DeclaredDataSpec> DeclaredData { get; init; } = EquatableArray<DeclaredDataSpec>.Empty;

    public static GenerationSpec Nothing(EquatableArray<DiagnosticInfo> diagnostics) =>
        new(false, null, "Db", false, EquatableArray<KindSpec>.Empty, diagnostics);
}
