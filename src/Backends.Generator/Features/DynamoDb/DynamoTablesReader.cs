using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Backends.Generator.Diagnostics;
using Backends.Generator.Features.DeclaredData;
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

    public static Declarations<TableDeclaration> Read(EquatableArray<DeclaredDataSpec> declared) =>
        DeclaredDataReader.Read<TableDeclaration>(
            declared,
            DiagnosticDescriptors.TablesInOverlay,
            static (data, found, reports) => new TableReader(data.FilePath, data.Connection, found, reports).ReadTables(data.Value));

    private sealed class TableReader(string path, string connection, List<TableDeclaration> tables, List<DiagnosticInfo> diagnostics)
        : DeclarationReader(path, connection, Kind, DiagnosticDescriptors.InvalidTableDeclaration, diagnostics)
    {
        public void ReadTables(JsonNode node) =>
            ReadEach(node, Key, "an object of table name → { \"type\": \"MyApp.Order\", \"hashKey\": \"id\" }", ReadTable);

        private void ReadTable(JsonMember member)
        {
            var what = $"the table '{MessageText.Shorten(member.Name)}' of {Owner}";
            var node = member.Value;
            if (node.Kind != JsonKind.Object)
            {
                Report(node, "The table " + what.Substring(10), node.Describe(), "an object such as { \"type\": \"MyApp.Order\", \"hashKey\": \"id\" }");
                return;
            }

            UnknownKeys(node, s_tableKeys, what, "a table setting");
            if (ReadType(member, "The table " + what.Substring(10), "The type of " + what, "item", "MyApp.Order") is not { } type)
            {
                return;
            }

            var hash = ReadName(node, member.NameLocation(Path), "hashKey", what, required: true);
            var range = ReadName(node, member.NameLocation(Path), "rangeKey", what, required: false);
            var ttl = ReadName(node, member.NameLocation(Path), "ttl", what, required: false);
            var (read, write) = ReadCapacity(node, "The table " + what.Substring(10));
            var indexes = ReadIndexes(node, what);
            if (hash is null)
            {
                return;
            }

            tables.Add(new TableDeclaration(
                Connection, member.Name, member.NameLocation(Path), type.Text.Trim(), type.Location(Path), hash, range, read, write, indexes, ttl));
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
                Report(member.Value.Location(Path), "'indexes' of " + tableWhat, member.Value.Describe(), "an object of index name → { \"hashKey\": \"email\" }");
                return EquatableArray<TableIndexDeclaration>.Empty;
            }

            var result = new List<TableIndexDeclaration>();
            foreach (var index in member.Value.Members)
            {
                var what = $"the index '{MessageText.Shorten(index.Name)}' of {tableWhat}";
                if (index.Value.Kind != JsonKind.Object)
                {
                    Report(index.Value.Location(Path), "The index " + what.Substring(10), index.Value.Describe(), "an object such as { \"hashKey\": \"email\", \"rangeKey\": \"createdAt\" }");
                    continue;
                }

                UnknownKeys(index.Value, s_indexKeys, what, "an index setting");
                var hash = ReadName(index.Value, index.NameLocation(Path), "hashKey", what, required: true);
                var range = ReadName(index.Value, index.NameLocation(Path), "rangeKey", what, required: false);
                var (read, write) = ReadCapacity(index.Value, "The index " + what.Substring(10));
                if (hash is not null)
                {
                    result.Add(new TableIndexDeclaration(index.Name, index.NameLocation(Path), hash, range, read, write));
                }
            }

            return result.ToEquatableArray();
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
                Report(member.Value.Location(Path), $"The {key} of {what}", member.Value.Describe(), "a stored attribute's name as a string, such as \"id\"");
                return null;
            }

            return new NameRef(member.Value.Text, member.Value.Location(Path));
        }

        private (long? Read, long? Write) ReadCapacity(JsonNode node, string what)
        {
            var read = ReadNumber(node, "readCapacity", what);
            var write = ReadNumber(node, "writeCapacity", what);
            if (read.Given != write.Given)
            {
                var (given, missing) = read.Given ? ("readCapacity", "writeCapacity") : ("writeCapacity", "readCapacity");
                var member = node.Members.First(m => m.Name == given);
                Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CapacityOnOneSide, member.NameLocation(Path), what, given, missing));
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
                Report(member.Value.Location(Path), $"The {key} of {what.Substring(4)}", member.Value.Describe(), "a whole number of capacity units from 1, such as 5");
                return (true, null);
            }

            return (true, value);
        }
    }
}
