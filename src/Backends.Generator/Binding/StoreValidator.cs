using System;
using System.Collections.Generic;
using System.Linq;
using Backends.Generator.Diagnostics;
using Backends.Generator.Naming;
using Backends.Generator.Model;

namespace Backends.Generator.Binding;

/// <summary>
/// Validates the <c>"stores"</c> section of the base file against the connections declared beside it: the settings
/// (unknown keys, types and ranges, through <see cref="SettingsValidator"/>), the store names, and the two tiers
/// (declared, key/value stores, not the same connection).
/// </summary>
internal static class StoreValidator
{
    /// <summary>The top-level key of the section.</summary>
    public const string Section = "stores";

    private static readonly SettingsSchema s_schema = new(
        EquatableArray.Create(
            Setting("cache", "Cache", SettingType.String, required: true),
            Setting("storage", "Storage", SettingType.String, required: true),
            Setting("cacheTtl", "CacheTtl", SettingType.Duration, nullable: true),
            Setting("maxPendingWrites", "MaxPendingWrites", SettingType.Int32, min: 1),
            Setting("flushTimeout", "FlushTimeout", SettingType.Duration)),
        EquatableArray<RequireOneOfSpec>.Empty);

    public static EquatableArray<StoreSpec> Validate(
        KindSection section,
        string path,
        string fileName,
        IReadOnlyList<KindSpec> kinds,
        Func<string, string> uniqueName,
        List<DiagnosticInfo> diagnostics)
    {
        var connections = kinds.SelectMany(k => k.Connections).ToDictionary(c => c.FullName, StringComparer.Ordinal);
        var stores = new List<StoreSpec>();
        foreach (var store in section.Connections)
        {
            var location = store.NameLocation(path);
            var identifier = Names.ToPascalCase(store.Name);
            if (InvalidNameReason(store.Name, identifier, stores) is { } reason)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidStoreName, location, MessageText.Shorten(store.Name), reason));
                continue;
            }

            var values = new SettingsValidator(path, Section, store.Name, isBase: true, diagnostics).ValidateObject(store.Settings, s_schema, "", location);
            var cache = Tier(store, "cache", connections, path, diagnostics);
            var storage = Tier(store, "storage", connections, path, diagnostics);
            if (cache is null || storage is null)
            {
                continue;
            }

            if (cache.FullName == storage.FullName)
            {
                var storageNode = store.Settings.Members.First(m => m.Name == "storage").Value;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StoreSameTiers, storageNode.Location(path), store.Name, cache.FullName));
                continue;
            }

            stores.Add(new StoreSpec(
                store.Name,
                identifier,
                uniqueName("s_store_" + Names.ToFieldPart(store.Name)),
                store.NameLineSpan.Start.Line + 1,
                fileName,
                cache.FullName,
                cache.FieldName,
                storage.FullName,
                storage.FieldName,
                values.Where(v => v.Setting.Key is not "cache" and not "storage").ToEquatableArray()));
        }

        return stores.ToEquatableArray();
    }

    private static ConnectionSpec? Tier(
        ConnectionSection store, string role, Dictionary<string, ConnectionSpec> connections, string path, List<DiagnosticInfo> diagnostics)
    {
        var node = store.Settings.Members.FirstOrDefault(m => m.Name == role)?.Value;
        if (node is not { Kind: JsonKind.String })
        {
            return null; // missing or of the wrong type: reported by the settings validator
        }

        if (!connections.TryGetValue(node.Text, out var connection))
        {
            var nearest = Names.Nearest(node.Text, connections.Keys);
            var advice = nearest is not null
                ? $"did you mean '{nearest}'?"
                : connections.Count == 0
                    ? "declare the connection in this file and write \"kind.name\""
                    : "write \"kind.name\" of a connection declared in this file, one of " + string.Join(", ", connections.Keys.OrderBy(k => k, StringComparer.Ordinal).Take(5).Select(k => "'" + k + "'"));
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StoreTierNotDeclared, node.Location(path), store.Name, MessageText.Shorten(node.Text), role, advice));
            return null;
        }

        if (!connection.Adapter.IsKeyValueStore)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.StoreTierNotKeyValue,
                node.Location(path),
                store.Name,
                connection.FullName,
                role,
                connection.Adapter.HandleType.Replace("global::", "")));
            return null;
        }

        return connection;
    }

    private static string? InvalidNameReason(string name, string identifier, List<StoreSpec> earlier)
    {
        if (identifier.Length == 0)
        {
            return "it has no letters or digits: write a name such as \"sessions\"";
        }

        if (char.IsDigit(identifier[0]))
        {
            return $"it starts with a digit: start it with a letter, for example \"store-{MessageText.Shorten(name)}\"";
        }

        if (!Names.IsIdentifier(identifier) || identifier.Any(c => char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
        {
            return $"it becomes {MessageText.Shorten(identifier)}, which C# does not accept as a name: use letters, digits, '-', '_' or '.'";
        }

        if (identifier == "Stores")
        {
            return "it becomes Stores, the name of the class that holds it: choose another name";
        }

        return earlier.FirstOrDefault(s => string.Equals(s.Identifier, identifier, StringComparison.OrdinalIgnoreCase)) is { } clash
            ? $"it becomes {identifier}, as the store '{clash.Name}' on line {clash.Line} does: rename one of them"
            : null;
    }

    private static SettingSpec Setting(string key, string property, SettingType type, bool required = false, bool nullable = false, double? min = null) =>
        new(key, property, type, type == SettingType.Duration ? "global::System.TimeSpan" : "", nullable, true, required, min, null, false, ListShape.Array,
            EquatableArray<string>.Empty, null);
}
