using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Backends.Generator.Diagnostics;
using Backends.Generator.Features.DeclaredData;
using Backends.Generator.Model;
using Backends.Generator.Naming;

namespace Backends.Generator.Features.MongoDb;

/// <summary>
/// Reads the <c>"collections"</c> the core took out of every <c>mongodb</c> connection (declared data the MongoDB
/// adapter owns) into <see cref="CollectionDeclaration"/>s, reporting every bad shape where it is written. Only the base
/// file may declare collections, as they shape the generated code.
/// </summary>
internal static class MongoCollectionReader
{
    public const string Kind = "mongodb";
    public const string Key = "collections";

    private static readonly string[] s_collectionKeys = ["type", "indexes", "unique", "ttl"];
    private static readonly string[] s_ttlKeys = ["field", "seconds"];

    public static Declarations<CollectionDeclaration> Read(EquatableArray<DeclaredDataSpec> declared) =>
        DeclaredDataReader.Read<CollectionDeclaration>(
            declared,
            DiagnosticDescriptors.CollectionsInOverlay,
            static (data, found, reports) => new Reader(data.FilePath, data.Connection, found, reports).ReadCollections(data.Value));

    private sealed class Reader(string path, string connection, List<CollectionDeclaration> collections, List<DiagnosticInfo> diagnostics)
        : DeclarationReader(path, connection, Kind, DiagnosticDescriptors.InvalidCollectionDeclaration, diagnostics)
    {
        public void ReadCollections(JsonNode node) =>
            ReadEach(node, Key, "an object of collection name → { \"type\": \"MyApp.User\" }", ReadCollection);

        private void ReadCollection(JsonMember member)
        {
            var label = $"The collection '{MessageText.Shorten(member.Name)}' of {Owner}";
            var node = member.Value;
            if (node.Kind != JsonKind.Object)
            {
                Report(node, label, node.Describe(), "an object such as { \"type\": \"MyApp.User\" }");
                return;
            }

            UnknownKeys(node, s_collectionKeys, label.Substring(4), "a collection setting", "only \"type\", \"indexes\", \"unique\" and \"ttl\"");
            if (ReadType(member, label, $"The type of {label.Substring(4)}", "document", "MyApp.User") is not { } type)
            {
                return;
            }

            var indexes = ReadIndexes(node, "indexes", label);
            var unique = ReadIndexes(node, "unique", label);
            var ttl = ReadTtl(node, label);
            collections.Add(new CollectionDeclaration(
                Connection, member.Name, member.NameLocation(Path), type.Text.Trim(), type.Location(Path), indexes, unique, ttl));
        }

        private EquatableArray<IndexDeclaration> ReadIndexes(JsonNode collection, string key, string label)
        {
            var member = collection.Members.FirstOrDefault(m => m.Name == key);
            if (member is null)
            {
                return EquatableArray<IndexDeclaration>.Empty;
            }

            var what = $"'{key}' of {label.Substring(4)}";
            const string Example = "a list of indexes, each a list of field names: [[\"email\"], [\"lastName\", \"-createdAt\"]]";
            if (member.Value.Kind != JsonKind.Array)
            {
                Report(member.Value, what, member.Value.Describe(), Example);
                return EquatableArray<IndexDeclaration>.Empty;
            }

            var result = new List<IndexDeclaration>();
            foreach (var index in member.Value.Items)
            {
                if (index.Kind != JsonKind.Array || index.Items.IsEmpty)
                {
                    Report(index, "An index in " + what, index.Kind == JsonKind.Array ? "empty" : index.Describe(), Example);
                    continue;
                }

                var fields = new List<IndexField>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var field in index.Items)
                {
                    var text = field.Kind == JsonKind.String ? field.Text : null;
                    var name = text is not null && text.StartsWith("-", StringComparison.Ordinal) ? text.Substring(1) : text;
                    if (name is null || name.Length == 0 || name.StartsWith("$", StringComparison.Ordinal) || name.IndexOf('\0') >= 0 ||
                        name.StartsWith(".", StringComparison.Ordinal) || name.EndsWith(".", StringComparison.Ordinal) || name.Contains(".."))
                    {
                        Report(field, "An index field in " + what, field.Describe(), "a field name such as \"email\", \"-createdAt\" (descending) or \"address.city\"");
                        fields.Clear();
                        break;
                    }

                    if (!seen.Add(name))
                    {
                        Report(field, "An index field in " + what, $"the field '{MessageText.Shorten(name)}' a second time", "each field once per index");
                        fields.Clear();
                        break;
                    }

                    fields.Add(new IndexField(text!, field.Location(Path)));
                }

                if (fields.Count > 0)
                {
                    result.Add(new IndexDeclaration(fields.ToEquatableArray()));
                }
            }

            return result.ToEquatableArray();
        }

        private TtlDeclaration? ReadTtl(JsonNode collection, string label)
        {
            var member = collection.Members.FirstOrDefault(m => m.Name == "ttl");
            if (member is null)
            {
                return null;
            }

            var what = "'ttl' of " + label.Substring(4);
            const string Example = "{ \"field\": \"expiresAt\", \"seconds\": 3600 }";
            var node = member.Value;
            if (node.Kind != JsonKind.Object)
            {
                Report(node, what, node.Describe(), Example);
                return null;
            }

            foreach (var unknown in node.Members.Where(m => !s_ttlKeys.Contains(m.Name)))
            {
                Report(unknown.NameLocation(Path), $"'{MessageText.Shorten(unknown.Name)}' in {what}", "not a ttl setting", Example);
            }

            var field = node.Members.FirstOrDefault(m => m.Name == "field");
            var seconds = node.Members.FirstOrDefault(m => m.Name == "seconds");
            if (field is null || seconds is null)
            {
                Report(member.NameLocation(Path), what, field is null ? "missing its \"field\"" : "missing its \"seconds\"", Example);
                return null;
            }

            if (field.Value.Kind != JsonKind.String || field.Value.Text.Length == 0 || field.Value.Text.StartsWith("-", StringComparison.Ordinal) ||
                field.Value.Text.StartsWith("$", StringComparison.Ordinal))
            {
                Report(field.Value, "The field of " + what, field.Value.Describe(), "the name of a date field, such as \"expiresAt\"");
                return null;
            }

            if (seconds.Value.Kind != JsonKind.Number ||
                !int.TryParse(seconds.Value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                Report(seconds.Value, "The seconds of " + what, seconds.Value.Describe(), "a whole number of seconds from 0 to 2147483647, such as 3600");
                return null;
            }

            return new TtlDeclaration(new IndexField(field.Value.Text, field.Value.Location(Path)), value);
        }
    }
}
