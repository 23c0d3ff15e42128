using System;
using System.Linq;
using Backends.Generator.Model;

namespace Backends.Generator.Features.DeclaredData;

/// <summary>
/// What a declared-data module generates, bound against the core model without changing it: the generated handles and
/// every diagnostic of the declarations; a module's record adds the classes it generates beside them (serializers, mappers).
/// </summary>
/// <typeparam name="TItem">The module's spec of one declaration.</typeparam>
/// <param name="Namespace">The generated code's namespace, or null for the global namespace.</param>
/// <param name="ClassName">The generated class, <c>Db</c>.</param>
/// <param name="Connections">The connections that get a generated handle, in declaration order.</param>
/// <param name="Diagnostics">What reading and binding the declarations reported.</param>
internal abstract record DeclaredDataGeneration<TItem>(
    string? Namespace,
    string ClassName,
    EquatableArray<DeclaredHandleSpec<TItem>> Connections,
    EquatableArray<DiagnosticInfo> Diagnostics)
    where TItem : IEquatable<TItem>
{
    /// <summary>What the module contributes to <c>"repositories"</c>: one source per declaration.</summary>
    public EquatableArray<RepositorySource> RepositorySources { get; init; } = EquatableArray<RepositorySource>.Empty;

    /// <summary>The handles as the core sees them: which connection's field and accessor take which generated type.</summary>
    public EquatableArray<GeneratedHandleSpec> Handles() =>
        Connections.Select(c => new GeneratedHandleSpec(c.Connection, c.HandleType)).ToEquatableArray();
}
