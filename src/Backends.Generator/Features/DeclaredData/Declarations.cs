using System;
using System.Collections.Generic;
using System.Linq;
using Backends.Generator.Model;

namespace Backends.Generator.Features.DeclaredData;

/// <summary>What every declaration (a collection, a table) has: the connection that writes it, its name and its class.</summary>
internal interface IDeclaration
{
    /// <summary>The connection's name as written.</summary>
    string Connection { get; }

    /// <summary>The declaration's name.</summary>
    string Name { get; }

    /// <summary>Where the declaration's name is written.</summary>
    LocationInfo NameLocation { get; }

    /// <summary>The class's full C# name, as written.</summary>
    string TypeName { get; }
}

/// <summary>A module's declarations in the base backends file, as written, and what reading them reported.</summary>
/// <typeparam name="T">The module's declaration record.</typeparam>
/// <param name="Items">The declarations in file order.</param>
/// <param name="Diagnostics">What reading them reported.</param>
internal sealed record Declarations<T>(EquatableArray<T> Items, EquatableArray<DiagnosticInfo> Diagnostics)
    where T : IDeclaration, IEquatable<T>
{
    public static readonly Declarations<T> Empty = new(EquatableArray<T>.Empty, EquatableArray<DiagnosticInfo>.Empty);

    /// <summary>Nothing read and nothing reported.</summary>
    public bool IsEmpty => Items.IsEmpty && Diagnostics.IsEmpty;

    /// <summary>The declarations of the connection <paramref name="connection"/> (its name as written).</summary>
    public IEnumerable<T> Of(string connection) => Items.Where(i => i.Connection == connection);

    /// <summary>The type names the declarations name, distinct and sorted, for the compilation lookup.</summary>
    public EquatableArray<string> TypeNames() =>
        Items.Select(i => i.TypeName).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray();
}
