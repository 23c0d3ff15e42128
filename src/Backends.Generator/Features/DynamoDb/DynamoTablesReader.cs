using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Backends.Generator.Diagnostics;
using Backends.Generator.Model;
using Backends.Generator.Naming;

namespace Backends.Generator.Features.DynamoDb;

/// <summary>
/// Reads the <c>"tables"</c> object of every <c>dynamodb</c> connection in the base backends file into
/// <see cref="TableDeclaration"/>s, reporting every bad shape where it is written; a table in an overlay is reported.
/// </summary>
internal static class DynamoTablesReader
{
    public const string Kind = "dynamodb";
    public const string Key = "tables";

    private static readonly string[] s_tableKeys = ["type", "hashKey", "rangeKey", "readCapacity", "writeCapacity", "indexes", "ttl"];
    private static readonly string[] s_indexKeys = ["hashKey", "rangeKey", "readCapacity", "writeCapacity"];

    /// <summary>The settings object without its <c>"tables"</c> member, for a <c>dynamodb</c> connection.</summary>
    public static JsonNode WithoutTables(string kind, JsonNode settings) =>
        kind == Kind && settings.Kind == JsonKind.Object && settings.Members.Any(m => m.Name == Key)
            ? settings with { Members = settings.Members.Where(m => m.Name != Key).ToEquatableArray() }
            : settings;

    public static DynamoDeclarations Read(ImmutableArray<ConfigSpec> files)
    {
        var baseFile = files.Where(f => f.IsBase && f.IsValid).OrderBy(f => f.Path, StringComparer.Ordinal).FirstOrDefault();
        var tables = new List<TableDeclaration>();
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var overlay in files.Where(f => !f.IsBase && f.IsValid))
        {
            foreach (var connection in Connections(overlay))
            {
                if (connection.Settings.Members.FirstOrDefault(m => m.Name == Key) is { } member)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DynamoDiagnostics.TablesInOverlay, member.NameLocation(overlay.Path), overlay.FileName, Kind + "." + MessageText.Shorten(connection.Name)));
                }
            }
        }

        if (baseFile is not null)
        {
            foreach (var connection in Connections(baseFile))
            {
                if (connection.Settings.Members.FirstOrDefault(m => m.Name == Key) is { } member)
                {
                    ReadTables(baseFile.Path, connection.Name, member.Value, tables, diagnostics);
                }
            }
        }

        return tables.Count == 0 && diagnostics.Count == 0
            ? DynamoDeclarations.Empty
            : new DynamoDeclarations(tables.ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    /// <summary>Reads one connection's <c>"tables"</c> value.</summary>
    public static void ReadTables(string path, string connection, JsonNode node, List<TableDeclaration> tables, List<DiagnosticInfo> diagnostics) =>
        new Reader(path, connection, tables, diagnostics).ReadTables(node);

    /// <summary>The type names the tables name, distinct and sorted, for the compilation lookup.</summary>
    public static EquatableArray<string> TypeNames(DynamoDeclarations declarations) =>
        declarations.Tables.Select(t => t.TypeName).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray();

    private static IEnumerable<ConnectionSection> Connections(ConfigSpec file) =>
        file.Kinds.Where(k => k.Kind == Kind).SelectMany(k => k.Connections).Where(c => c.Settings.Kind == JsonKind.Object);

    private sealed class Reader(string path, string connection, List<TableDeclaration> tables, List<DiagnosticInfo> diagnostics)
    {
        private string Owner => Kind + "." + MessageText.Shorten(connection);

        public void ReadTables(JsonNode node)
        {
            if (node.Kind != JsonKind.Object)
            {
                Report(node.Location(path), $"'{Key}' of {Owner}", node.Describe(), "an object of table name → { \"type\": \"MyApp.Order\", \"hashKey\": \"id\" }");
                return;
            }

            foreach (var table in node.Members)
            {
                ReadTable(table);
            }
        }

        private void ReadTable(JsonMember member)
        {
            var what = $"the table '{MessageText.Shorten(member.Name)}' of {Owner}";
            var node = member.Value;
            if (node.Kind != JsonKind.Object)
            {
                Report(node.Location(path), "The table " + what.Substring(10), node.Describe(), "an object such as { \"type\": \"MyApp.Order\", \"hashKey\": \"id\" }");
                return;
            }

            UnknownKeys(node, s_tableKeys, what, "a table setting");
            var type = node.Members.FirstOrDefault(m => m.Name == "type");
            if (type is null)
            {
                Report(member.NameLocation(path), "The table " + what.Substring(10), "missing its \"type\"", "\"type\": \"MyApp.Order\" (the item class's full name)");
                return;
            }

            if (type.Value.Kind != JsonKind.String || !IsTypeName(type.Value.Text))
            {
                Report(type.Value.Location(path), "The type of " + what, type.Value.Describe(), "the item class's full name as a string, such as \"MyApp.Order\"");
                return;
            }

            var hash = ReadName(node, member.NameLocation(path), "hashKey", what, required: true);
            var range = ReadName(node, member.NameLocation(path), "rangeKey", what, required: false);
            var ttl = ReadName(node, member.NameLocation(path), "ttl", what, required: false);
            var (read, write) = ReadCapacity(node, "The table " + what.Substring(10));
            var indexes = ReadIndexes(node, what);
            if (hash is null)
            {
                return;
            }

            tables.Add(new TableDeclaration(
                connection, member.Name, member.NameLocation(path), type.Value.Text.Trim(), type.Value.Location(path), hash, range, read, write, indexes, ttl));
        }

        private EquatableArray<TableIndexDeclaration> ReadIndexes(JsonNode table, string tableWhat)
        {
            var member = table.Members.FirstOrDefault(m => m.Name == "indexes");
            if (member is null)
            {
                return EquatableArray<TableIndexDeclaration>.Empty;
            }

            if (member.Value.Kind != JsonKind.Object)
            {
                Report(member.Value.Location(path), "'indexes' of " + tableWhat, member.Value.Describe(), "an object of index name → { \"hashKey\": \"email\" }");
                return EquatableArray<TableIndexDeclaration>.Empty;
            }

            var result = new List<TableIndexDeclaration>();
            foreach (var index in member.Value.Members)
            {
                var what = $"the index '{MessageText.Shorten(index.Name)}' of {tableWhat}";
                if (index.Value.Kind != JsonKind.Object)
                {
                    Report(index.Value.Location(path), "The index " + what.Substring(10), index.Value.Describe(), "an object such as { \"hashKey\": \"email\", \"rangeKey\": \"createdAt\" }");
                    continue;
                }

                UnknownKeys(index.Value, s_indexKeys, what, "an index setting");
                var hash = ReadName(index.Value, index.NameLocation(path), "hashKey", what, required: true);
                var range = ReadName(index.Value, index.NameLocation(path), "rangeKey", what, required: false);
                var (read, write) = ReadCapacity(index.Value, "The index " + what.Substring(10));
                if (hash is not null)
                {
                    result.Add(new TableIndexDeclaration(index.Name, index.NameLocation(path), hash, range, read, write));
                }
            }

            return result.ToEquatableArray();
        }

        private void UnknownKeys(JsonNode node, string[] known, string what, string noun)
        {
            foreach (var unknown in node.Members.Where(m => !known.Contains(m.Name)))
            {
                var nearest = Names.Nearest(unknown.Name, known);
                Report(
                    unknown.NameLocation(path),
                    $"'{MessageText.Shorten(unknown.Name)}' in {what}",
                    "not " + noun,
                    nearest is null ? "only " + string.Join(", ", known.Select(k => "\"" + k + "\"")) : $"\"{nearest}\"");
            }
        }

        private NameRef? ReadName(JsonNode node, LocationInfo owner, string key, string what, bool required)
        {
            var member = node.Members.FirstOrDefault(m => m.Name == key);
            if (member is null)
            {
                if (required)
                {
                    Report(owner, char.ToUpperInvariant(what[0]) + what.Substring(1), $"missing its \"{key}\"", $"\"{key}\": \"id\" (a stored attribute's name)");
                }

                return null;
            }

            if (member.Value.Kind != JsonKind.String || member.Value.Text.Length == 0)
            {
                Report(member.Value.Location(path), $"The {key} of {what}", member.Value.Describe(), "a stored attribute's name as a string, such as \"id\"");
                return null;
            }

            return new NameRef(member.Value.Text, member.Value.Location(path));
        }

        private (long? Read, long? Write) ReadCapacity(JsonNode node, string what)
        {
            var read = ReadNumber(node, "readCapacity", what);
            var write = ReadNumber(node, "writeCapacity", what);
            if (read.Given != write.Given)
            {
                var (given, missing) = read.Given ? ("readCapacity", "writeCapacity") : ("writeCapacity", "readCapacity");
                var member = node.Members.First(m => m.Name == given);
                diagnostics.Add(DiagnosticInfo.Create(DynamoDiagnostics.CapacityOnOneSide, member.NameLocation(path), what, given, missing));
                return (null, null);
            }

            return read.Value is { } r && write.Value is { } w ? (r, w) : (null, null);
        }

        private (bool Given, long? Value) ReadNumber(JsonNode node, string key, string what)
        {
            var member = node.Members.FirstOrDefault(m => m.Name == key);
            if (member is null)
            {
                return (false, null);
            }

            if (member.Value.Kind != JsonKind.Number ||
                !long.TryParse(member.Value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                Report(member.Value.Location(path), $"The {key} of {what.Substring(4)}", member.Value.Describe(), "a whole number of capacity units from 1, such as 5");
                return (true, null);
            }

            return (true, value);
        }

        private static bool IsTypeName(string text)
        {
            var name = text.Trim();
            if (name.StartsWith("global::", StringComparison.Ordinal))
            {
                name = name.Substring("global::".Length);
            }

            return name.Length > 0 && name.Split('.', '+').All(Names.IsIdentifier);
        }

        private void Report(LocationInfo location, string what, string problem, string instead) =>
            diagnostics.Add(DiagnosticInfo.Create(DynamoDiagnostics.InvalidTableDeclaration, location, what, problem, instead));
    }
}
