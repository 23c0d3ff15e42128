using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backends.Generator.Model;
using JsonNode = System.Text.Json.Nodes.JsonNode;

namespace GeneratorTests.Schema;

/// <summary>
/// Writes the JSON schema fragments of backends files and the config reference page from the same model: the settings
/// schema the generator reads from each adapter's <c>[Setting]</c> metadata (<see cref="SchemaCatalogue"/>), so the
/// editor's completion, the reference page and the build's validation cannot disagree.
/// </summary>
/// <remarks>
/// A fragment describes one top-level section (<c>"mysql"</c>: connection name → settings) for base files, and under
/// <c>definitions/overlay</c> the same for overlays (<c>backends.{Environment}.json</c>), which need no required
/// setting and declare no data. Fragments use no <c>$ref</c>, so the build can inline them into one schema file
/// (<c>obj/backends.schema.json</c>) that every editor reads. Draft-07, which VS Code, Rider and Visual Studio all know.
/// </remarks>
internal static class ConfigSchemaWriter
{
    public const string Draft = "http://json-schema.org/draft-07/schema#";

    private const string DurationText = "A duration: \"500ms\", \"30s\", \"5m\", \"1h\", \"2d\", \"00:00:30\", \"infinite\", or a number of seconds.";
    private const string SecretText = "A secret: write \"${env:NAME}\" or \"${file:/run/secrets/name}\"; a literal is a build warning (BG0011) and is never compiled in.";

    /// <summary>The run-time duration syntax (<c>SettingValue.ParseDuration</c>) as a pattern: units and "infinite" in any case, or a TimeSpan.</summary>
    /// <remarks>Written without backslashes, as fragments must be (<see cref="Fragment"/>).</remarks>
    public const string DurationPattern =
        "^ *(?:[Ii][Nn][Ff][Ii][Nn][Ii][Tt][Ee]|[+]?(?:[0-9]+[.]?[0-9]*|[.][0-9]+)(?:[Ee][+-]?[0-9]+)? *(?:[Mm][Ss]|[SsMmHhDd])?|[+]?(?:[0-9]+[.:])?[0-9]{1,2}:[0-9]{1,2}(?::[0-9]{1,2}(?:[.][0-9]{1,7})?)?) *$";

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        IndentSize = 2,
        // Readable descriptions, with no escapes but those of quotes (see WithoutDoubleQuotesInStrings).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The fragment file of one section, as checked in.</summary>
    public static string Fragment(SectionSchema section)
    {
        var fragment = new JsonObject
        {
            ["$comment"] = $"Generated from the [Setting] metadata of {section.Source} by tests/GeneratorTests (ConfigSchemaTests); do not edit. Regenerate with BACKENDS_ACCEPT_SNAPSHOTS=1.",
            ["title"] = $"\"{section.Key}\" section",
            ["description"] = section.Description,
            ["type"] = "object",
            ["additionalProperties"] = Object(section.Settings, section.RequireOneOf, section.Descriptions, "", isBase: true, section.Declared),
            ["definitions"] = new JsonObject
            {
                ["overlay"] = new JsonObject
                {
                    ["description"] = section.Description + " In an overlay (backends.{Environment}.json): values only, nothing required, no declared data.",
                    ["type"] = "object",
                    ["additionalProperties"] = Object(section.Settings, section.RequireOneOf, section.Descriptions, "", isBase: false, []),
                },
            },
        };
        var text = WithoutDoubleQuotesInStrings(fragment).ToJsonString(s_json);
        if (text.IndexOfAny(['\\', '%']) is var at and >= 0)
        {
            throw new InvalidOperationException($"{section.Key}'s fragment has a '{text[at]}' at {at}, which the build cannot carry: {text.Substring(Math.Max(0, at - 40), Math.Min(80, text.Length - Math.Max(0, at - 40)))}");
        }

        return text + "\n";
    }

    /// <summary>
    /// The schema the build composes from <paramref name="sections"/> (what the generator package's targets write to
    /// <c>obj/backends.schema.json</c>, or the overlay variant), for tests that validate files without MSBuild.
    /// </summary>
    public static string Root(IEnumerable<SectionSchema> sections, bool overlay)
    {
        var properties = new JsonObject
        {
            ["$schema"] = new JsonObject { ["type"] = "string", ["description"] = "This file's JSON schema, for editors (the build ignores it)." },
        };
        var definitions = new JsonObject();
        foreach (var section in sections)
        {
            properties[section.Key] = new JsonObject { ["$ref"] = overlay ? $"#/definitions/{section.Key}/definitions/overlay" : $"#/definitions/{section.Key}" };
            definitions[section.Key] = JsonNode.Parse(Fragment(section));
        }

        return new JsonObject
        {
            ["$schema"] = Draft,
            ["title"] = overlay ? "backends.{Environment}.json" : "backends.json",
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
            ["definitions"] = definitions,
        }.ToJsonString(s_json);
    }

    private static JsonObject Object(
        IReadOnlyList<SettingSpec> settings,
        IReadOnlyList<RequireOneOfSpec> requireOneOf,
        IReadOnlyDictionary<string, string> descriptions,
        string prefix,
        bool isBase,
        IReadOnlyList<DeclaredSection> declared)
    {
        var properties = new JsonObject();
        foreach (var setting in settings)
        {
            properties[setting.Key] = Setting(setting, descriptions, prefix + setting.Key, isBase);
        }

        foreach (var section in declared)
        {
            properties[section.Key] = section.Schema();
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        // Required settings are checked in the base file only: an overlay adds values to it (SettingsValidator).
        if (isBase)
        {
            var required = settings.Where(s => s.Required).Select(s => (JsonNode?)s.Key).ToArray();
            if (required.Length > 0)
            {
                schema["required"] = new JsonArray(required);
            }

            var groups = requireOneOf.Select(g => (JsonNode?)new JsonObject
            {
                ["anyOf"] = new JsonArray([.. g.Keys.Select(k => (JsonNode?)new JsonObject { ["required"] = new JsonArray((JsonNode?)k) })]),
            }).ToArray();
            if (groups.Length > 0)
            {
                schema["allOf"] = new JsonArray(groups);
            }
        }

        return schema;
    }

    private static JsonObject Setting(SettingSpec setting, IReadOnlyDictionary<string, string> descriptions, string path, bool isBase)
    {
        var nullable = setting.IsNullable && setting.IsSettable;
        var description = Description(setting, descriptions, path);
        JsonObject schema;
        switch (setting.Type)
        {
            case SettingType.String:
                schema = Typed(nullable, "string");
                if (setting.Secret)
                {
                    schema["examples"] = new JsonArray("${env:NAME}", "${file:/run/secrets/name}");
                }

                break;
            case SettingType.Boolean:
                schema = Typed(nullable, "boolean");
                break;
            case SettingType.Int32:
            case SettingType.Int64:
                var (low, high) = IntegerRange(setting);
                schema = Typed(nullable, "integer");
                schema["minimum"] = low;
                schema["maximum"] = high;
                break;
            case SettingType.Double:
                schema = Typed(nullable, "number");
                if (setting.Min is { } min)
                {
                    schema["minimum"] = min;
                }

                if (setting.Max is { } max)
                {
                    schema["maximum"] = max;
                }

                break;
            case SettingType.Duration:
                // minimum/maximum constrain a number, pattern a string: one schema for both spellings.
                schema = Typed(nullable, "string", "number");
                schema["pattern"] = DurationPattern;
                schema["minimum"] = 0;
                schema["maximum"] = 922337203685L;
                schema["examples"] = new JsonArray("30s", "5m", "infinite");
                break;
            case SettingType.Enum:
                // The build accepts any case ("required" for Required); completion offers the members as declared.
                var anyOf = new JsonArray(
                    new JsonObject { ["enum"] = new JsonArray([.. setting.EnumMembers.Select(m => (JsonNode?)m)]) },
                    new JsonObject { ["type"] = "string", ["pattern"] = "^ *(?:" + string.Join("|", setting.EnumMembers.Select(AnyCase)) + ") *$" });
                if (nullable)
                {
                    anyOf.Add(new JsonObject { ["type"] = "null" });
                }

                schema = new JsonObject { ["anyOf"] = anyOf };
                break;
            case SettingType.StringList:
                // One string is a list of one.
                schema = Typed(nullable, "array", "string");
                schema["items"] = new JsonObject { ["type"] = "string" };
                break;
            case SettingType.StringMap:
                schema = Typed(nullable, "object");
                schema["additionalProperties"] = new JsonObject { ["type"] = new JsonArray("string", "number", "boolean") };
                break;
            case SettingType.Object:
                schema = Object(setting.Nested!.Settings, setting.Nested.RequireOneOf, descriptions, path + ".", isBase, []);
                if (nullable)
                {
                    schema["type"] = new JsonArray("object", "null");
                }

                break;
            default:
                // A property of a type backends files cannot set: any value is an error (BG0013).
                schema = new JsonObject { ["not"] = new JsonObject() };
                break;
        }

        var ordered = new JsonObject { ["description"] = description };
        foreach (var (key, value) in schema.ToList())
        {
            schema.Remove(key);
            ordered[key] = value;
        }

        return ordered;
    }

    /// <summary>The description of <paramref name="path"/> from its <c>[Setting(Description = ...)]</c>, with what its type accepts.</summary>
    public static string Description(SettingSpec setting, IReadOnlyDictionary<string, string> descriptions, string path)
    {
        var text = descriptions.TryGetValue(path, out var written) ? written : "";
        var extra = setting.Type switch
        {
            SettingType.Duration => DurationText,
            SettingType.String when setting.Secret => SecretText,
            SettingType.StringMap when setting.SecretKeys.Count > 0 =>
                "Values of the keys " + string.Join(", ", setting.SecretKeys) + " (in any spelling) are secrets: write references, never literals.",
            _ => "",
        };
        return (text + " " + extra).Trim();
    }

    /// <summary>The whole-number range the build accepts: the setting's bounds within its type's.</summary>
    public static (long Low, long High) IntegerRange(SettingSpec setting)
    {
        var is32 = setting.Type == SettingType.Int32;
        var low = setting.Min is { } min ? (long)Math.Max(min, is32 ? int.MinValue : long.MinValue) : is32 ? int.MinValue : long.MinValue;
        var high = setting.Max is { } max ? (long)Math.Min(max, is32 ? int.MaxValue : (double)long.MaxValue) : is32 ? int.MaxValue : long.MaxValue;
        return (low, high);
    }

    private static JsonObject Typed(bool nullable, params string[] types)
    {
        var all = nullable ? [.. types, "null"] : types;
        return new JsonObject { ["type"] = all.Length == 1 ? all[0] : new JsonArray([.. all.Select(t => (JsonNode?)t)]) };
    }

    private static string AnyCase(string word)
    {
        var pattern = new StringBuilder();
        foreach (var c in word)
        {
            pattern.Append(char.IsLetter(c) && char.ToUpperInvariant(c) != char.ToLowerInvariant(c)
                ? string.Create(CultureInfo.InvariantCulture, $"[{char.ToUpperInvariant(c)}{char.ToLowerInvariant(c)}]")
                : c.ToString());
        }

        return pattern.ToString();
    }

    /// <summary>
    /// The build inlines fragments with MSBuild, which on Unix turns every backslash of a text it writes into '/'. A JSON
    /// text needs backslashes only to escape quotes in strings (patterns are written without), so quotes in descriptions
    /// become single quotes and the fragment holds no backslash at all. (';' is escaped by the build's target itself.)
    /// </summary>
    private static JsonNode WithoutDoubleQuotesInStrings(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is not null)
                    {
                        obj[key] = WithoutDoubleQuotesInStrings(value.DeepClone());
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        array[i] = WithoutDoubleQuotesInStrings(item.DeepClone());
                    }
                }

                return array;
            case JsonValue value when value.TryGetValue<string>(out var text):
                return JsonValue.Create(text.Replace('"', '\''))!;
            default:
                return node;
        }
    }
}

/// <summary>One top-level section of backends files: an adapter's kind, or the generator's own <c>"stores"</c>.</summary>
/// <param name="Key">The top-level key.</param>
/// <param name="Source">The assembly or component whose metadata it comes from.</param>
/// <param name="Description">What the section holds.</param>
/// <param name="Settings">The settings of one connection in it.</param>
/// <param name="RequireOneOf">Its RequireOneOf groups.</param>
/// <param name="Descriptions">Setting path (<c>pool.max</c>) → description.</param>
/// <param name="Declared">Declared-data members of a connection (MongoDB <c>collections</c>), base files only.</param>
internal sealed record SectionSchema(
    string Key,
    string Source,
    string Description,
    IReadOnlyList<SettingSpec> Settings,
    IReadOnlyList<RequireOneOfSpec> RequireOneOf,
    IReadOnlyDictionary<string, string> Descriptions,
    IReadOnlyList<DeclaredSection> Declared);

/// <summary>A declared-data member of a connection: its key, its schema and its rows for the reference page.</summary>
internal sealed record DeclaredSection(string Key, string Title, Func<JsonObject> Schema, IReadOnlyList<(string Key, string Type, string Description)> Rows);
