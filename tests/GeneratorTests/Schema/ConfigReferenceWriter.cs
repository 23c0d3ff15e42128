using System.Globalization;
using System.Text;
using Backends.Generator.Model;

namespace GeneratorTests.Schema;

/// <summary>Writes docs/config-reference.md from the same sections as the schema fragments.</summary>
internal static class ConfigReferenceWriter
{
    public static string Write(IReadOnlyList<SectionSchema> sections)
    {
        var text = new StringBuilder();
        text.Append("""
            # Configuration reference

            <!-- Generated from the adapters' [Setting] metadata by tests/GeneratorTests (ConfigSchemaTests), like the JSON schema
                 fragments beside each adapter; do not edit. After changing a settings class, regenerate with
                 BACKENDS_ACCEPT_SNAPSHOTS=1 dotnet test tests/GeneratorTests --filter ConfigSchemaTests -->

            Every key a `backends.json` may hold, per backend kind, with its type, its range or values, and whether it is
            required. The build checks the same rules (a wrong key, type or range is a diagnostic: see
            [diagnostics](diagnostics.md)), and the same metadata produces the JSON schema your editor completes from
            (see [editor completion](editor-completion.md)).

            Overlays (`backends.{Environment}.json`) take the same keys, but require none, and declare no data.
            Durations are written `"500ms"`, `"30s"`, `"5m"`, `"1h"`, `"2d"`, `"00:00:30"`, `"infinite"` or as a number of
            seconds. A list of strings may be written as one string. Secrets are references: `"${env:NAME}"` or
            `"${file:/run/secrets/name}"`; a literal is a build warning and is never compiled in.

            """);
        text.Append('\n');
        foreach (var section in sections)
        {
            text.Append(CultureInfo.InvariantCulture, $"- [`{section.Key}`](#{section.Key}) ({section.Source})\n");
        }

        foreach (var section in sections)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n<a id=\"{section.Key}\"></a>\n## `{section.Key}`\n\n{Cell(section.Description)}\n\n");
            text.Append(CultureInfo.InvariantCulture, $"```jsonc\n\"{section.Key}\": {{ \"<name>\": {{ {string.Join(", ", Example(section))} }} }}\n```\n\n");
            foreach (var group in section.RequireOneOf)
            {
                text.Append(CultureInfo.InvariantCulture, $"At least one of {string.Join(", ", group.Keys.Select(k => "`" + k + "`"))} is required.\n\n");
            }

            text.Append("| key | type | required | range / values | description |\n|---|---|---|---|---|\n");
            Rows(text, section.Settings, section.Descriptions, "");
            foreach (var declared in section.Declared)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n### {declared.Title}\n\n| key | type | description |\n|---|---|---|\n");
                foreach (var (key, type, description) in declared.Rows)
                {
                    text.Append(CultureInfo.InvariantCulture, $"| `{key}` | {type} | {Cell(description)} |\n");
                }
            }
        }

        return text.ToString();
    }

    private static IEnumerable<string> Example(SectionSchema section) =>
        section.Settings.Where(s => s.Required).Select(s => s.Key)
            .Concat(section.RequireOneOf.Select(g => g.Keys[0]))
            .Distinct(StringComparer.Ordinal)
            .Select(k => $"\"{k}\": …");

    private static void Rows(StringBuilder text, IEnumerable<SettingSpec> settings, IReadOnlyDictionary<string, string> descriptions, string prefix)
    {
        foreach (var setting in settings)
        {
            var path = prefix + setting.Key;
            text.Append(CultureInfo.InvariantCulture,
                $"| `{path}` | {Type(setting)} | {(setting.Required ? "yes" : "")} | {Cell(Range(setting))} | {Cell(descriptions.TryGetValue(path, out var description) ? description : "")} |\n");
            if (setting.Nested is { } nested)
            {
                Rows(text, nested.Settings, descriptions, path + ".");
            }
        }
    }

    private static string Type(SettingSpec setting)
    {
        var type = setting.Type switch
        {
            SettingType.String => setting.Secret ? "string (secret)" : "string",
            SettingType.Boolean => "boolean",
            SettingType.Int32 or SettingType.Int64 => "whole number",
            SettingType.Double => "number",
            SettingType.Duration => "duration",
            SettingType.Enum => "one of",
            SettingType.StringList => "list of strings",
            SettingType.StringMap => "object of strings",
            SettingType.Object => "object",
            _ => "not settable here",
        };
        return setting.IsNullable && setting.IsSettable ? type + " or null" : type;
    }

    private static string Range(SettingSpec setting) => setting.Type switch
    {
        SettingType.Int32 or SettingType.Int64 => RangeText(ConfigSchemaWriter.IntegerRange(setting)),
        SettingType.Double when setting.Min is not null || setting.Max is not null =>
            $"{setting.Min?.ToString("R", CultureInfo.InvariantCulture) ?? "…"} to {setting.Max?.ToString("R", CultureInfo.InvariantCulture) ?? "…"}",
        SettingType.Enum => string.Join(", ", setting.EnumMembers.Select(m => "`" + m + "`")) + " (any case)",
        _ => "",
    };

    private static string RangeText((long Low, long High) range) =>
        range.Low == int.MinValue && range.High == int.MaxValue ? "" :
        string.Create(CultureInfo.InvariantCulture, $"{range.Low} to {range.High}");

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
