using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Backends.Generator.Diagnostics;
using Backends.Generator.Model;
using Backends.Generator.Naming;

namespace Backends.Generator.Features.DynamoDb;

/// <summary>
/// Reads the <c>"tables"</c> the core took out of every <c>dynamodb</c> connection (declared data the DynamoDB adapter
/// owns) into <see cref="TableDeclaration"/>s, reporting every bad shape where it is written. Only the base file may
/// declare tables, as they shape the generated code.
/// </summary>
internal static class DynamoTablesReader
{
    public const string Kind = "dynamodb";
    public const string Key = "tables";

    private static readonly string[] s_tableKeys = ["type", "hashKey", "rangeKey", "readCapacity", "writeCapacity", "indexes", "ttl"];
    private static readonly string[] s_indexKeys = ["hashKey", "rangeKey", "readCapacity", "writeCapacity"];

    /// <summary>This module's declared data out of the core model's: the <c>"tables"</c> of <c>dynamodb</c> connections.</summary>
    public static EquatableArray<DeclaredDataSpec> Select(GenerationSpec spec) =>
        spec.DeclaredData.IsEmpty
            ? EquatableArray<DeclaredDataSpec>.Empty
            : spec.DeclaredData.Where(d => d.Kind == Kind && d.Key == Key).ToEquatableArray();

    public static DynamoDeclarations Read(EquatableArray<DeclaredDataSpec> declared)
    {
        var tables = new List<TableDeclaration>();
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var overlay in declared.Where(d => !d.IsBase))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.TablesInOverlay, overlay.KeyLocation, overlay.FileName, Kind + "." + MessageText.Shorten(overlay.Connection)));
        }

        foreach (var data in declared.Where(d => d.IsBase))
        {
            new TableReader(data.FilePath, data.Connection, tables, diagnostics).ReadTables(data.Value);
        }

        return tables.Count == 0 && diagnostics.Count == 0
            ? DynamoDeclarations.Empty
            : new DynamoDeclarations(tables.ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    /// <summary>The type names the tables name, distinct and sorted, for the compilation lookup.</summary>
    public static EquatableArray<string> TypeNames(DynamoDeclarations declarations) =>
        declarations.Tables.Select(t => t.TypeName).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray();

    private sealed class TableReader(string path, string connection, List<TableDeclaration> tables, List<DiagnosticInfo> diagnostics)
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
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CapacityOnOneSide, member.NameLocation(path), what, given, missing));
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
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTableDeclaration, location, what, problem, instead));
    }
}
