using System;
using System.Collections.Generic;
using System.Linq;
using Backends.Generator.Model;

namespace Backends.Generator.Features.DeclaredData;

/// <summary>
/// The classes a module's declarations name, reduced from the compilation to names and shapes (never symbols), so the
/// pipeline can cache them; a module's record adds what else it read (DynamoDB: the table class's member names).
/// </summary>
/// <typeparam name="TSpec">The module's spec of one class.</typeparam>
/// <param name="Lookups">One per requested type name.</param>
/// <param name="Types">Every class code is generated for: the requested ones and the classes they contain, in a fixed order.</param>
/// <param name="Diagnostics">A failure while reading, if any.</param>
internal abstract record DeclaredTypeModel<TSpec>(EquatableArray<TypeLookup> Lookups, EquatableArray<TSpec> Types, EquatableArray<DiagnosticInfo> Diagnostics)
    where TSpec : IEquatable<TSpec>
{
    /// <summary>The lookups by the name as written.</summary>
    public Dictionary<string, TypeLookup> LookupsByName() => Lookups.ToDictionary(l => l.RequestedName, StringComparer.Ordinal);

    /// <summary>The classes by full name.</summary>
    public Dictionary<string, TSpec> TypesByName(Func<TSpec, string> fullName) => Types.ToDictionary(fullName, StringComparer.Ordinal);
}
