using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Backends.Generator.Diagnostics;
using Backends.Generator.Naming;
using Backends.Generator.Model;

namespace Backends.Generator.Binding;

/// <summary>
/// Checks one connection's settings object against its adapter's schema and converts every value to the canonical
/// form the emitters write: unknown keys, wrong types, missing required values, numbers out of range and literal
/// secrets are reported where they are written.
/// </summary>
internal sealed class SettingsValidator(string filePath, string kind, string connectionName, bool isBase, List<DiagnosticInfo> diagnostics)
{
    private const string DurationRange = "a duration from 0 to 922337203685 seconds (about 29,000 years), or \"infinite\"";

    private string FullName => kind + "." + connectionName;

    /// <summary>Validates <paramref name="node"/> (an object) against <paramref name="schema"/>.</summary>
    /// <param name="node">The settings object as written.</param>
    /// <param name="schema">The settings class's schema.</param>
    /// <param name="keyPath">The key path of the object (<c>""</c> for the connection, <c>"pool"</c> for a nested object).</param>
    /// <param name="owner">Where the object's key is written, for missing-setting errors.</param>
    /// <remarks>
    /// Missing required settings are checked in the base file only: an overlay adds to it, and every environment
    /// without an overlay gets the base values alone. A nested object's required settings are checked when the
    /// base file writes that object.
    /// </remarks>
    public EquatableArray<ValueSpec> ValidateObject(JsonNode node, SettingsSchema schema, string keyPath, LocationInfo owner)
    {
        var values = new List<ValueSpec>(node.Members.Count);
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in node.Members)
        {
            var setting = Find(schema, member.Name);
            if (setting is null)
            {
                ReportUnknownKey(member, schema, keyPath);
                continue;
            }

            if (member.Value.Kind != JsonKind.Null)
            {
                present.Add(setting.Key);
            }

            if (Convert(member, setting, Join(keyPath, setting.Key)) is { } value)
            {
                values.Add(value);
            }
        }

        if (isBase)
        {
            foreach (var setting in schema.Settings)
            {
                if (!setting.Required || present.Contains(setting.Key))
                {
                    continue;
                }

                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.MissingRequiredSetting,
                    owner,
                    Owned(keyPath),
                    $"the required setting '{setting.Key}'",
                    $"\"{setting.Key}\": {Example(setting)}"));
            }

            foreach (var group in schema.RequireOneOf)
            {
                if (AnyPresent(group.Keys, present))
                {
                    continue;
                }

                var first = Find(schema, group.Keys[0]);
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.MissingRequiredSetting,
                    owner,
                    Owned(keyPath),
                    "one of the settings " + string.Join(", ", group.Keys.Select(k => "'" + k + "'")),
                    $"\"{group.Keys[0]}\": {(first is null ? "\"...\"" : Example(first))}"));
            }
        }

        return new EquatableArray<ValueSpec>(values.ToArray());
    }

    /// <summary>The setting of <paramref name="key"/>; a loop, not LINQ: this runs for every value of every connection.</summary>
    private static SettingSpec? Find(SettingsSchema schema, string key)
    {
        foreach (var setting in schema.Settings)
        {
            if (setting.Key == key)
            {
                return setting;
            }
        }

        return null;
    }

    private static bool AnyPresent(EquatableArray<string> keys, HashSet<string> present)
    {
        foreach (var key in keys)
        {
            if (present.Contains(key))
            {
                return true;
            }
        }

        return false;
    }

    private string Owned(string keyPath) => keyPath.Length == 0 ? FullName : FullName + ":" + keyPath;

    private ValueSpec? Convert(JsonMember member, SettingSpec setting, string keyPath)
    {
        var node = member.Value;
        if (setting.Type == SettingType.Unsupported)
        {
            Report(DiagnosticDescriptors.UnsupportedSetting, node, Label(keyPath), setting.TypeName);
            return null;
        }

        if (node.Kind == JsonKind.Null)
        {
            if (setting.IsNullable && setting.IsSettable)
            {
                return ValueSpec.Of(setting, ValueKind.Null);
            }

            return WrongType(node, setting, keyPath);
        }

        switch (setting.Type)
        {
            case SettingType.String:
                if (node.Kind != JsonKind.String)
                {
                    return WrongType(node, setting, keyPath);
                }

                if (setting.Secret && IsLiteralSecret(node.Text))
                {
                    ReportLiteralSecret(node, keyPath);
                    return ValueSpec.Of(setting, ValueKind.OmittedSecret);
                }

                return ValueSpec.Scalar(setting, node.Text);

            case SettingType.Boolean:
                return node.Kind switch
                {
                    JsonKind.True => ValueSpec.Scalar(setting, "true"),
                    JsonKind.False => ValueSpec.Scalar(setting, "false"),
                    _ => WrongType(node, setting, keyPath),
                };

            case SettingType.Int32:
            case SettingType.Int64:
                return node.Kind == JsonKind.Number ? ConvertInteger(node, setting, keyPath) : WrongType(node, setting, keyPath);

            case SettingType.Double:
                return node.Kind == JsonKind.Number ? ConvertDouble(node, setting, keyPath) : WrongType(node, setting, keyPath);

            case SettingType.Duration:
                return ConvertDuration(node, setting, keyPath);

            case SettingType.Enum:
                var member1 = node.Kind == JsonKind.String ? FindEnumMember(setting, node.Text.Trim()) : null;
                return member1 is null ? WrongType(node, setting, keyPath) : ValueSpec.Scalar(setting, member1);

            case SettingType.StringList:
                return ConvertList(node, setting, keyPath);

            case SettingType.StringMap:
                return ConvertMap(node, setting, keyPath);

            case SettingType.Object:
                if (node.Kind != JsonKind.Object || setting.Nested is null)
                {
                    return WrongType(node, setting, keyPath);
                }

                var members = ValidateObject(node, setting.Nested, keyPath, member.NameLocation(filePath));
                return new ValueSpec(setting, ValueKind.Object, "", EquatableArray<string>.Empty, EquatableArray<MapEntrySpec>.Empty, members);

            default:
                return null;
        }
    }

    private ValueSpec? ConvertInteger(JsonNode node, SettingSpec setting, string keyPath)
    {
        var is32 = setting.Type == SettingType.Int32;
        var typeMin = is32 ? int.MinValue : long.MinValue;
        var typeMax = is32 ? int.MaxValue : long.MaxValue;
        var low = setting.Min is { } min ? (decimal)Math.Max(min, typeMin) : typeMin;
        var high = setting.Max is { } max ? (decimal)Math.Min(max, typeMax) : typeMax;
        var range = $"a whole number from {low.ToString(CultureInfo.InvariantCulture)} to {high.ToString(CultureInfo.InvariantCulture)}";
        if (!decimal.TryParse(node.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return OutOfRange(node, keyPath, range);
        }

        if (decimal.Truncate(value) != value)
        {
            return WrongType(node, setting, keyPath);
        }

        if (value < low || value > high)
        {
            return OutOfRange(node, keyPath, range);
        }

        return ValueSpec.Scalar(setting, ((long)value).ToString(CultureInfo.InvariantCulture));
    }

    private ValueSpec? ConvertDouble(JsonNode node, SettingSpec setting, string keyPath)
    {
        var range = (setting.Min, setting.Max) switch
        {
            ({ } min, { } max) => $"a number from {Format(min)} to {Format(max)}",
            ({ } min, null) => $"a number of at least {Format(min)}",
            (null, { } max) => $"a number of at most {Format(max)}",
            _ => "a number between -1.7976931348623157E+308 and 1.7976931348623157E+308",
        };
        if (!double.TryParse(node.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsInfinity(value) || double.IsNaN(value) ||
            value < (setting.Min ?? double.MinValue) || value > (setting.Max ?? double.MaxValue))
        {
            return OutOfRange(node, keyPath, range);
        }

        return ValueSpec.Scalar(setting, value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// A duration by the one rule the runtime's <c>SettingValue.ParseDuration</c> applies to overrides as well
    /// (<c>src/Shared/Durations.cs</c>): a JSON number is seconds; the value becomes exact ticks.
    /// </summary>
    private ValueSpec? ConvertDuration(JsonNode node, SettingSpec setting, string keyPath)
    {
        if (node.Kind is not (JsonKind.Number or JsonKind.String))
        {
            return WrongType(node, setting, keyPath);
        }

        switch (Shared.Durations.TryParse(node.Text, out var ticks))
        {
            case Shared.DurationResult.Infinite when node.Kind == JsonKind.String:
                return ValueSpec.Scalar(setting, "infinite");
            case Shared.DurationResult.Valid:
                return ValueSpec.Scalar(setting, ticks.ToString(CultureInfo.InvariantCulture));
            case Shared.DurationResult.OutOfRange:
                return OutOfRange(node, keyPath, DurationRange);
            default:
                return WrongType(node, setting, keyPath);
        }
    }

    private ValueSpec? ConvertList(JsonNode node, SettingSpec setting, string keyPath)
    {
        if (node.Kind == JsonKind.String)
        {
            return new ValueSpec(setting, ValueKind.List, "", EquatableArray.Create(node.Text), EquatableArray<MapEntrySpec>.Empty, EquatableArray<ValueSpec>.Empty);
        }

        if (node.Kind != JsonKind.Array)
        {
            return WrongType(node, setting, keyPath);
        }

        var items = new List<string>();
        var valid = true;
        foreach (var item in node.Items)
        {
            if (item.Kind == JsonKind.String)
            {
                items.Add(item.Text);
                continue;
            }

            valid = false;
            Report(DiagnosticDescriptors.WrongValueType, item, $"Each item of {Label(keyPath)}", "a string", "\"text\"", item.Describe());
        }

        return valid
            ? new ValueSpec(setting, ValueKind.List, "", new EquatableArray<string>(items.ToArray()), EquatableArray<MapEntrySpec>.Empty, EquatableArray<ValueSpec>.Empty)
            : null;
    }

    private ValueSpec? ConvertMap(JsonNode node, SettingSpec setting, string keyPath)
    {
        if (node.Kind != JsonKind.Object)
        {
            return WrongType(node, setting, keyPath);
        }

        var entries = new List<MapEntrySpec>();
        foreach (var member in node.Members)
        {
            var value = member.Value;
            switch (value.Kind)
            {
                case JsonKind.String:
                case JsonKind.Number:
                case JsonKind.True:
                case JsonKind.False:
                    if (References.IsSecretKey(member.Name, setting.SecretKeys) && (value.Kind != JsonKind.String || IsLiteralSecret(value.Text)))
                    {
                        ReportLiteralSecret(value, Join(keyPath, member.Name));
                        entries.Add(new MapEntrySpec(member.Name, "", Omitted: true));
                        break;
                    }

                    entries.Add(new MapEntrySpec(member.Name, value.Text));
                    break;
                default:
                    Report(DiagnosticDescriptors.WrongValueType, value, Label(Join(keyPath, member.Name)), "a string, number or boolean", "\"value\"", value.Describe());
                    break;
            }
        }

        return new ValueSpec(setting, ValueKind.Map, "", EquatableArray<string>.Empty, entries.ToEquatableArray(), EquatableArray<ValueSpec>.Empty);
    }

    private void ReportUnknownKey(JsonMember member, SettingsSchema schema, string keyPath)
    {
        var keys = schema.Settings.Select(s => s.Key).ToList();
        var nearest = Names.Nearest(member.Name, keys);
        var advice = nearest is not null
            ? $"did you mean '{nearest}'?"
            : keys.Count == 0 ? "it has no settings" : "write one of " + string.Join(", ", keys);
        var owner = keyPath.Length == 0 ? kind + " connections" : $"'{keyPath}' in {kind} connections";
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownSetting, member.NameLocation(filePath), MessageText.Shorten(member.Name), owner, advice));
    }

    /// <summary>A non-empty secret that is not exactly one reference: a literal, an escaped literal, or text around a reference.</summary>
    private static bool IsLiteralSecret(string text) => text.Length > 0 && !References.IsSingleReference(text);

    private void ReportLiteralSecret(JsonNode node, string keyPath) =>
        Report(DiagnosticDescriptors.LiteralSecret, node, keyPath, FullName, (kind + ":" + connectionName + ":" + keyPath).Replace(":", "__"));

    private ValueSpec? WrongType(JsonNode node, SettingSpec setting, string keyPath)
    {
        Report(DiagnosticDescriptors.WrongValueType, node, Label(keyPath), Expected(setting), Example(setting), node.Describe());
        return null;
    }

    private ValueSpec? OutOfRange(JsonNode node, string keyPath, string range)
    {
        Report(DiagnosticDescriptors.NumberOutOfRange, node, Label(keyPath), MessageText.Shorten(node.Text), range);
        return null;
    }

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, JsonNode node, params string[] args) =>
        diagnostics.Add(DiagnosticInfo.Create(descriptor, node.Location(filePath), args));

    private static string? FindEnumMember(SettingSpec setting, string text)
    {
        foreach (var member in setting.EnumMembers)
        {
            if (string.Equals(member, text, StringComparison.OrdinalIgnoreCase))
            {
                return member;
            }
        }

        return null;
    }

    private string Label(string keyPath) => $"'{keyPath}' of {FullName}";

    private static string Join(string prefix, string key) => prefix.Length == 0 ? key : prefix + ":" + key;

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>How a message names the JSON a setting accepts.</summary>
    private static string Expected(SettingSpec setting)
    {
        var expected = setting.Type switch
        {
            SettingType.String => "a string",
            SettingType.Boolean => "true or false",
            SettingType.Int32 or SettingType.Int64 => "a whole number",
            SettingType.Double => "a number",
            SettingType.Duration => "a duration (\"500ms\", \"30s\", \"5m\", \"1h\", \"00:00:30\", \"infinite\" or a number of seconds)",
            SettingType.Enum => "one of " + string.Join(", ", setting.EnumMembers),
            SettingType.StringList => "an array of strings",
            SettingType.StringMap => "an object of strings",
            SettingType.Object => "an object",
            _ => "a value",
        };
        return setting.IsNullable && setting.IsSettable ? expected + " or null" : expected;
    }

    /// <summary>A value of the right JSON type, for messages.</summary>
    private static string Example(SettingSpec setting) => setting.Type switch
    {
        SettingType.String => "\"...\"",
        SettingType.Boolean => "true",
        SettingType.Int32 or SettingType.Int64 or SettingType.Double =>
            Format(Math.Min(Math.Max(10, setting.Min ?? double.MinValue), setting.Max ?? double.MaxValue)),
        SettingType.Duration => "\"30s\"",
        SettingType.Enum => setting.EnumMembers.Count > 0 ? "\"" + setting.EnumMembers[0] + "\"" : "\"...\"",
        SettingType.StringList => "[\"...\"]",
        SettingType.StringMap => "{ \"key\": \"value\" }",
        SettingType.Object => "{ }",
        _ => "null",
    };
}
