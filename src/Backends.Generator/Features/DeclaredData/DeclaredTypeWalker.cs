using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Backends.Generator.Model;
using Backends.Generator.Naming;
using Microsoft.CodeAnalysis;

namespace Backends.Generator.Features.DeclaredData;

/// <summary>
/// Walks the classes a module generates code for (a serializer, a mapper): the named ones and, transitively, the classes
/// their members store. Gives each a generated class name unique in the generated file (<c>UserSerializer</c>,
/// <c>UserSerializer2</c>), describes each once with the module's <see cref="Describe"/>, and lists them in the order they
/// were first met. A module's type reader derives from it and keeps what is its own: which members it stores and how.
/// </summary>
/// <typeparam name="TSpec">The module's equatable description of one class.</typeparam>
/// <param name="suffix">The generated class name's suffix, <c>Serializer</c>.</param>
/// <param name="cancellationToken">Cancels the walk.</param>
internal abstract class DeclaredTypeWalker<TSpec>(string suffix, CancellationToken cancellationToken)
    where TSpec : IEquatable<TSpec>
{
    /// <summary>At most this many classes get generated code; a nested class beyond it is an unsupported member.</summary>
    private const int MaxTypes = 200;

    private readonly Dictionary<string, TSpec> _types = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly HashSet<string> _generatedNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _generatedNameOf = new(StringComparer.Ordinal);
    private readonly Queue<INamedTypeSymbol> _pending = new();

    /// <summary>Whether one more nested class may be walked.</summary>
    protected bool CanAddMore => _order.Count < MaxTypes;

    /// <summary>Adds <paramref name="type"/> (and, transitively, the classes it stores) and returns its full name.</summary>
    public string Add(INamedTypeSymbol type)
    {
        GeneratedNameOf(type);
        while (_pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = _pending.Dequeue();
            var fullName = DeclaredTypes.FullName(next);
            _types[fullName] = Describe(next, _generatedNameOf[fullName]);
        }

        return DeclaredTypes.FullName(type);
    }

    /// <summary>Every class walked, in the order first met.</summary>
    public EquatableArray<TSpec> Types() => _order.Select(n => _types[n]).ToEquatableArray();

    /// <summary>The generated class name of <paramref name="type"/>, queuing it to be described when it is new.</summary>
    protected string GeneratedNameOf(INamedTypeSymbol type)
    {
        var fullName = DeclaredTypes.FullName(type);
        if (_generatedNameOf.TryGetValue(fullName, out var existing))
        {
            return existing;
        }

        var candidate = Names.ToFieldPart(type.Name) + suffix;
        var name = candidate;
        for (var i = 2; !_generatedNames.Add(name); i++)
        {
            name = candidate + i.ToString(CultureInfo.InvariantCulture);
        }

        _generatedNameOf[fullName] = name;
        _order.Add(fullName);
        _pending.Enqueue(type);
        return name;
    }

    /// <summary>Describes one class, whose generated class is <paramref name="generatedName"/>.</summary>
    protected abstract TSpec Describe(INamedTypeSymbol type, string generatedName);
}
