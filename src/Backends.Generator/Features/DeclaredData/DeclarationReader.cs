using System;
using System.Collections.Generic;
using System.Linq;
using Backends.Generator.Diagnostics;
using Backends.Generator.Model;
using Backends.Generator.Naming;
using Microsoft.CodeAnalysis;

namespace Backends.Generator.Features.DeclaredData;

/// <summary>
/// The shared part of reading one connection's declared data (<c>"collections"</c>, <c>"tables"</c>): reporting a bad
/// shape where it is written with the module's "invalid declaration" diagnostic, unknown keys with a did-you-mean, and
/// the <c>"type"</c> every declaration names its class with. A module derives its reader of the rest from it.
/// </summary>
/// <param name="path">The file's path, for locations.</param>
/// <param name="connection">The connection's name as written.</param>
/// <param name="kind">The backend kind, <c>"mongodb"</c>.</param>
/// <param name="invalid">The module's diagnostic for a bad shape: (what, problem, instead).</param>
/// <param name="diagnostics">Where reports go.</param>
internal abstract class DeclarationReader(string path, string connection, string kind, DiagnosticDescriptor invalid, List<DiagnosticInfo> diagnostics)
{
    /// <summary>The file's path, for locations.</summary>
    protected string Path => path;

    /// <summary>The connection's name as written.</summary>
    protected string Connection => connection;

    /// <summary>Where reports go.</summary>
    protected List<DiagnosticInfo> Diagnostics => diagnostics;

    /// <summary>The connection as messages name it, <c>mongodb.events</c>.</summary>
    protected string Owner => kind + "." + MessageText.Shorten(connection);

    /// <summary>
    /// Reads the section's value, an object of name → declaration, with <paramref name="read"/> for each member; reports
    /// anything else.
    /// </summary>
    /// <param name="node">The value of the connection's key.</param>
    /// <param name="key">The key, <c>collections</c>.</param>
    /// <param name="instead">What to write instead, for the report.</param>
    /// <param name="read">Reads one declaration.</param>
    protected void ReadEach(JsonNode node, string key, string instead, Action<JsonMember> read)
    {
        if (node.Kind != JsonKind.Object)
        {
            Report(node, $"'{key}' of {Owner}", node.Describe(), instead);
            return;
        }

        foreach (var member in node.Members)
        {
            read(member);
        }
    }

    /// <summary>Reports every key of <paramref name="node"/> outside <paramref name="known"/>, with the nearest known one.</summary>
    /// <param name="node">The object.</param>
    /// <param name="known">Its keys.</param>
    /// <param name="what">What the object is, after "in", <c>the table 'orders' of dynamodb.main</c>.</param>
    /// <param name="noun">What a key is, after "not", <c>a table setting</c>.</param>
    /// <param name="only">What to write when no key is near, or null for the known keys joined with commas.</param>
    protected void UnknownKeys(JsonNode node, string[] known, string what, string noun, string? only = null)
    {
        foreach (var unknown in node.Members.Where(m => !known.Contains(m.Name)))
        {
            var nearest = Names.Nearest(unknown.Name, known);
            Report(
                unknown.NameLocation(path),
                $"'{MessageText.Shorten(unknown.Name)}' in {what}",
                "not " + noun,
                nearest is null ? only ?? "only " + string.Join(", ", known.Select(k => "\"" + k + "\"")) : $"\"{nearest}\"");
        }
    }

    /// <summary>
    /// The declaration's <c>"type"</c>, a class's full name, or null (reported) when it is missing or not a type name.
    /// </summary>
    /// <param name="declaration">The declaration's member, <c>"users": { ... }</c>.</param>
    /// <param name="label">The declaration in a message's first place, <c>The collection 'users' of mongodb.events</c>.</param>
    /// <param name="typeLabel">Its type in a message's first place, <c>The type of collection 'users' of mongodb.events</c>.</param>
    /// <param name="classNoun">What the class holds, <c>document</c>.</param>
    /// <param name="example">A class name for the advice, <c>MyApp.User</c>.</param>
    protected JsonNode? ReadType(JsonMember declaration, string label, string typeLabel, string classNoun, string example)
    {
        var type = declaration.Value.Members.FirstOrDefault(m => m.Name == "type");
        if (type is null)
        {
            Report(declaration.NameLocation(path), label, "missing its \"type\"", $"\"type\": \"{example}\" (the {classNoun} class's full name)");
            return null;
        }

        if (type.Value.Kind != JsonKind.String || !IsTypeName(type.Value.Text))
        {
            Report(type.Value, typeLabel, type.Value.Describe(), $"the {classNoun} class's full name as a string, such as \"{example}\"");
            return null;
        }

        return type.Value;
    }

    /// <summary>Reports a bad shape at <paramref name="node"/>.</summary>
    protected void Report(JsonNode node, string what, string problem, string instead) =>
        Report(node.Location(path), what, problem, instead);

    /// <summary>Reports a bad shape at <paramref name="location"/>.</summary>
    protected void Report(LocationInfo location, string what, string problem, string instead) =>
        diagnostics.Add(DiagnosticInfo.Create(invalid, location, what, problem, instead));

    private static bool IsTypeName(string text)
    {
        var name = text.Trim();
        if (name.StartsWith("global::", StringComparison.Ordinal))
        {
            name = name.Substring("global::".Length);
        }

        return name.Length > 0 && name.Split('.', '+').All(Names.IsIdentifier);
    }
}
