using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Backends.Generator.Diagnostics;
using Backends.Generator.Json;
using Backends.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Backends.Generator.Parsing;

/// <summary>
/// Reads one backends file (an AdditionalFile, through <see cref="AdditionalText.GetText"/>) into a
/// <see cref="ConfigSpec"/>: kinds, connections and their raw settings, with every syntax problem located.
/// </summary>
internal static class ConfigParser
{
    /// <summary>The largest file read; a backends file with a thousand connections is a few hundred kilobytes.</summary>
    public const int MaxCharacters = 4 * 1024 * 1024;

    private const string BaseFileName = "backends.json";

    /// <summary>The top-level member that names the file's JSON schema (<c>"$schema": "obj/backends.schema.json"</c>), for editors.</summary>
    public const string SchemaKey = "$schema";

    /// <summary>Whether <paramref name="path"/> names a backends file: <c>backends.json</c> or <c>backends.{Environment}.json</c>.</summary>
    public static bool IsConfigFile(string path) => TryGetEnvironment(FileNameOf(path), out _);

    public static ConfigSpec Parse(AdditionalText file, CancellationToken cancellationToken)
    {
        var path = file.Path;
        var fileName = FileNameOf(path);
        TryGetEnvironment(fileName, out var environment);
        try
        {
            var text = file.GetText(cancellationToken);
            if (text is null)
            {
                return Invalid(path, fileName, environment, DiagnosticInfo.Create(
                    DiagnosticDescriptors.MalformedJson,
                    new LocationInfo(path, default, default),
                    "the file could not be read: check that it exists and is readable"));
            }

            if (text.Length > MaxCharacters)
            {
                return Invalid(path, fileName, environment, DiagnosticInfo.Create(
                    DiagnosticDescriptors.FileTooLarge,
                    new LocationInfo(path, new TextSpan(0, 0), default),
                    fileName,
                    text.Length.ToString(CultureInfo.InvariantCulture),
                    MaxCharacters.ToString(CultureInfo.InvariantCulture)));
            }

            return Parse(text.ToString(), path, fileName, environment, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Invalid(path, fileName, environment, DiagnosticInfo.Create(
                DiagnosticDescriptors.GeneratorFailure,
                new LocationInfo(path, default, default),
                "reading " + fileName,
                ex.GetType().Name,
                ex.Message));
        }
    }

    internal static ConfigSpec Parse(string text, string path, string fileName, string? environment, CancellationToken cancellationToken)
    {
        var read = JsonReader.Read(text, path, cancellationToken);
        var diagnostics = new List<DiagnosticInfo>(read.Diagnostics);
        if (read.Root is not { } root)
        {
            return new ConfigSpec(path, fileName, environment, false, EquatableArray<KindSection>.Empty, diagnostics.ToEquatableArray());
        }

        if (root.Kind != JsonKind.Object)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.WrongValueType,
                root.Location(path),
                "The top level of " + fileName,
                "an object of backend kinds",
                "{ \"sqlite\": { \"local\": { \"path\": \"app.db\" } } }",
                root.Describe()));
            return new ConfigSpec(path, fileName, environment, false, EquatableArray<KindSection>.Empty, diagnostics.ToEquatableArray());
        }

        var kinds = new List<KindSection>();
        foreach (var kindMember in root.Members)
        {
            if (kindMember.Name == SchemaKey && kindMember.Value.Kind == JsonKind.String)
            {
                continue; // the file's JSON schema, for editors: not a backend kind
            }

            if (kindMember.Value.Kind != JsonKind.Object)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.WrongValueType,
                    kindMember.Value.Location(path),
                    "The backend kind '" + MessageText.Shorten(kindMember.Name) + "'",
                    "an object of connections",
                    "{ \"main\": { ... } }",
                    kindMember.Value.Describe()));
                continue;
            }

            var connections = new List<ConnectionSection>();
            foreach (var connectionMember in kindMember.Value.Members)
            {
                if (connectionMember.Value.Kind != JsonKind.Object)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.WrongValueType,
                        connectionMember.Value.Location(path),
                        "The connection '" + MessageText.Shorten(kindMember.Name) + "." + MessageText.Shorten(connectionMember.Name) + "'",
                        "an object of settings",
                        "{ \"database\": \"app\" }",
                        connectionMember.Value.Describe()));
                    continue;
                }

                connections.Add(new ConnectionSection(connectionMember.Name, connectionMember.NameSpan, connectionMember.NameLineSpan, connectionMember.Value));
            }

            kinds.Add(new KindSection(kindMember.Name, kindMember.NameSpan, kindMember.NameLineSpan, connections.ToEquatableArray()));
        }

        return new ConfigSpec(path, fileName, environment, true, kinds.ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    internal static string FileNameOf(string path)
    {
        var slash = path.LastIndexOfAny(['/', '\\']);
        return slash < 0 ? path : path.Substring(slash + 1);
    }

    /// <summary><c>backends.json</c> → true with a null environment; <c>backends.Production.json</c> → true with "Production".</summary>
    private static bool TryGetEnvironment(string fileName, out string? environment)
    {
        environment = null;
        if (string.Equals(fileName, BaseFileName, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        const string prefix = "backends.";
        const string suffix = ".json";
        if (fileName.Length > prefix.Length + suffix.Length &&
            fileName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) &&
            fileName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            environment = fileName.Substring(prefix.Length, fileName.Length - prefix.Length - suffix.Length);
            return true;
        }

        return false;
    }

    private static ConfigSpec Invalid(string path, string fileName, string? environment, DiagnosticInfo diagnostic) =>
        new(path, fileName, environment, false, EquatableArray<KindSection>.Empty, EquatableArray.Create(diagnostic));
}
