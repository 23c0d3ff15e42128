using System;
using System.Collections.Generic;
using System.Linq;
using Backends.Generator.Diagnostics;
using Backends.Generator.Emit;
using Backends.Generator.Model;
using Backends.Generator.Naming;

namespace Backends.Generator.Features.DeclaredData;

/// <summary>
/// What the declared-data binders share: the connections that get a generated handle class and its name, the names a
/// declaration's accessor must not take, the advice for a name that is no stored member, and the classes reachable from
/// the declared ones. Reads the core model; never changes it.
/// </summary>
internal static class DeclaredDataBinder
{
    /// <summary>The connections of <paramref name="kind"/> that write any of <paramref name="declarations"/>, in declaration order.</summary>
    public static IEnumerable<DeclaringConnection> Connections<T>(GenerationSpec spec, string kind, Declarations<T> declarations)
        where T : IDeclaration, IEquatable<T>
    {
        foreach (var kindSpec in spec.Kinds.Where(k => k.Kind == kind))
        {
            foreach (var connection in kindSpec.Connections)
            {
                if (!declarations.Of(connection.Name).Any())
                {
                    continue;
                }

                // The nested handle class must not take the name of a connection's accessor in the same class.
                var className = connection.Identifier + "Connection";
                while (kindSpec.Connections.Any(c => c.Identifier == className))
                {
                    className += "Handle";
                }

                yield return new DeclaringConnection(spec, kindSpec, connection, className);
            }
        }
    }

    /// <summary>Why <paramref name="identifier"/> cannot be a declaration's accessor on the handle class, or null.</summary>
    /// <param name="identifier">The accessor's name.</param>
    /// <param name="className">The handle class's name.</param>
    /// <param name="reserved">The names the class inherits (and its own).</param>
    /// <param name="notIdentifierAdvice">What to write instead when it is no C# identifier.</param>
    public static string? AccessorProblem(string identifier, string className, HashSet<string> reserved, string notIdentifierAdvice)
    {
        if (identifier.Length == 0 || !Names.IsIdentifier(identifier))
        {
            return $"its accessor name '{MessageText.Shorten(identifier)}' is not a C# identifier; {notIdentifierAdvice}";
        }

        if (identifier == className)
        {
            return $"its accessor {identifier} would take the name of the generated handle class; choose another name";
        }

        return reserved.Contains(identifier) ? $"its accessor {identifier} would hide the handle's member of that name; choose another name" : null;
    }

    /// <summary>Why an accessor collides with an earlier one's (case-insensitively, as file systems and some languages do).</summary>
    public static string Collision(string identifier, string earlierName) =>
        $"its accessor {identifier} collides with the one of '{MessageText.Shorten(earlierName)}'; rename one of them";

    /// <summary>The advice for a name that no stored member has: the nearest stored name, or the stored names.</summary>
    /// <param name="name">The name as written.</param>
    /// <param name="stored">The class's stored names.</param>
    /// <param name="displayName">The class's name.</param>
    /// <param name="storedNoun">What a stored name is, plural, <c>fields</c>.</param>
    public static string UnknownMemberAdvice(string name, IReadOnlyCollection<string> stored, string displayName, string storedNoun)
    {
        var nearest = Names.Nearest(name, stored);
        return nearest is not null
            ? $"did you mean '{nearest}'?"
            : stored.Count == 0
                ? $"{displayName} stores no members"
                : $"the stored {storedNoun} are " + string.Join(", ", stored.Select(m => "'" + m + "'"));
    }

    /// <summary>The classes reachable from <paramref name="roots"/> through stored members, ordered by <paramref name="orderKey"/>.</summary>
    /// <param name="roots">The full names to start from.</param>
    /// <param name="types">Every class read, by full name.</param>
    /// <param name="nested">The full names of the classes one class's members store.</param>
    /// <param name="orderKey">The generated class's name, the order of the output.</param>
    public static EquatableArray<T> Reachable<T>(IEnumerable<string> roots, Dictionary<string, T> types, Func<T, IEnumerable<string>> nested, Func<T, string> orderKey)
        where T : IEquatable<T>
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(roots);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!seen.Add(name) || !types.TryGetValue(name, out var type))
            {
                continue;
            }

            foreach (var next in nested(type))
            {
                pending.Push(next);
            }
        }

        return types.Where(t => seen.Contains(t.Key)).Select(t => t.Value).OrderBy(orderKey, StringComparer.Ordinal).ToEquatableArray();
    }
}

/// <summary>One connection that declares data, with the handle class generated for it.</summary>
/// <param name="spec">The core model.</param>
/// <param name="kind">The connection's kind.</param>
/// <param name="connection">The connection.</param>
/// <param name="className">The generated handle class nested in the kind's class, <c>EventsConnection</c>.</param>
internal sealed class DeclaringConnection(GenerationSpec spec, KindSpec kind, ConnectionSpec connection, string className)
{
    /// <summary>The connection.</summary>
    public ConnectionSpec Connection => connection;

    /// <summary>The generated handle class's name.</summary>
    public string ClassName => className;

    /// <summary>The connection's static accessor, <c>global::MyApp.Db.MongoDb.Events</c>.</summary>
    public string HandleAccess => OutputEmitter.Qualified(spec.Namespace, spec.ClassName + "." + kind.ClassName + "." + connection.Identifier);

    /// <summary>A new set of the names a declaration's accessor must not take: what the class inherits and its own name.</summary>
    public HashSet<string> ReservedNames() => new(connection.Adapter.HandleMemberNames, StringComparer.Ordinal) { className };

    /// <summary>The generated handle with <paramref name="items"/>.</summary>
    public DeclaredHandleSpec<TItem> Handle<TItem>(EquatableArray<TItem> items)
        where TItem : IEquatable<TItem> =>
        new(
            connection.FullName,
            kind.ClassName,
            connection.BaseFileName,
            connection.Line,
            connection.Adapter.HandleType,
            connection.Adapter.SettingsType,
            className,
            OutputEmitter.Qualified(spec.Namespace, spec.ClassName + "." + kind.ClassName + "." + className),
            items);
}
