using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Backends.Generator.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace Backends.Generator.Emit;

/// <summary>
/// Writes each connection's settings factory: plain assignments for the base file's values, one
/// <c>if (context.IsEnvironment("X"))</c> block per overlay, the run-time overrides of the map entries it declares,
/// and a call to its settings type's <c>Apply…Overrides(settings, context, prefix)</c>. That method, written once per
/// settings type, applies a run-time override for every settable key under <c>prefix</c> and then resolves secret
/// references in every compiled string, list item and map value (an overridden value is data and is not resolved:
/// the context skips it). No reflection: the generated code only news and assigns.
/// </summary>
internal static class SettingsEmitter
{
    private const string Dictionary = "global::System.Collections.Generic.Dictionary<string, string>";
    private const string SettingValue = "global::Backends.Runtime.SettingValue";
    private const string Context = "global::Backends.Runtime.BackendSettingsContext";

    public static void WriteFactory(SourceWriter writer, ConnectionSpec connection)
    {
        var adapter = connection.Adapter;
        writer.OpenBlock($"private static {adapter.SettingsType} {connection.FactoryName}({Context} context)");
        writer.WriteLine($"var settings = new {adapter.SettingsType}();");
        writer.WriteLine("// " + CSharp.CommentText(connection.BaseFileName));
        WriteValues(writer, "settings", connection.BaseValues, merge: false, connection);
        foreach (var overlay in connection.Overlays.Where(o => !o.Values.IsEmpty))
        {
            writer.WriteLine();
            writer.WriteLine("// " + CSharp.CommentText(overlay.FileName));
            writer.OpenBlock($"if (context.IsEnvironment({CSharp.Literal(overlay.Environment)}))");
            WriteValues(writer, "settings", overlay.Values, merge: true, connection);
            writer.CloseBlock();
        }

        writer.WriteLine();
        WriteMapOverrides(writer, "settings", adapter.Settings, connection.OverridePath, MapKeys(connection), new LocalNames());
        writer.WriteLine($"{ApplyMethodName(adapter)}(settings, context, {CSharp.Literal(connection.OverridePath)});");
        writer.WriteLine("return settings;");
        writer.CloseBlock();
    }

    /// <summary>
    /// Writes one <c>Apply…Overrides</c> method per settings type the connections use (in first-use order): the
    /// run-time overrides of every settable key, then the resolution of secret references.
    /// </summary>
    public static void WriteApplyMethods(SourceWriter writer, IEnumerable<ConnectionSpec> connections)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var adapter in connections.Select(c => c.Adapter))
        {
            if (!written.Add(ApplyMethodName(adapter)))
            {
                continue;
            }

            var names = new LocalNames();
            writer.WriteLine();
            writer.WriteLine(
                $"// Run-time overrides of every {CSharp.CommentText(adapter.Kind)} setting: Backends:{{prefix}}:* in IConfiguration, or Backends__{{prefix}}__* variables; then secret references (${{env:NAME}}, ${{file:PATH}}).");
            writer.OpenBlock($"private static void {ApplyMethodName(adapter)}({adapter.SettingsType} settings, {Context} context, string prefix)");
            WriteOverrides(writer, "settings", adapter.Settings, "", names);
            writer.WriteLine("// secret references in every string setting; an overridden value is data and is kept as it is");
            WriteResolves(writer, "settings", adapter.Settings, "", names);
            writer.CloseBlock();
        }
    }

    /// <summary>The method that applies the overrides of one settings type: <c>ApplyMySqlOverrides</c>, named after the first kind that uses it.</summary>
    private static string ApplyMethodName(AdapterSpec adapter) => "Apply" + adapter.ClassName + "Overrides";

    /// <summary>The key expression under the method's <c>prefix</c> parameter: <c>prefix + ":pool:max"</c>.</summary>
    private static string KeyExpression(string relativeKey) => "prefix + " + CSharp.Literal(relativeKey);

    private static void WriteValues(SourceWriter writer, string target, EquatableArray<ValueSpec> values, bool merge, ConnectionSpec connection)
    {
        foreach (var value in values)
        {
            var setting = value.Setting;
            var access = target + "." + setting.PropertyName;
            switch (value.Kind)
            {
                case ValueKind.Null:
                    writer.WriteLine($"{access} = null;");
                    break;
                case ValueKind.Scalar:
                    writer.WriteLine($"{access} = {ScalarLiteral(value)};");
                    break;
                case ValueKind.List:
                    writer.WriteLine($"{access} = {ListLiteral(setting, value.Items)};");
                    break;
                case ValueKind.Map:
                    WriteMap(writer, access, value, merge, connection);
                    break;
                case ValueKind.Object:
                    if (setting.IsNullable && setting.IsSettable)
                    {
                        writer.WriteLine($"{access} ??= new {setting.TypeName}();");
                    }

                    WriteValues(writer, access, value.Members, merge, connection);
                    break;
                case ValueKind.OmittedSecret:
                    writer.WriteLine(CSharp.CommentText(
                        $"// {setting.Key}: the literal secret is not compiled in (BG0011): write ${{env:NAME}} or ${{file:PATH}}, or set Backends__{connection.OverridePath.Replace(":", "__")}__{setting.Key}"));
                    break;
            }
        }
    }

    private static void WriteMap(SourceWriter writer, string access, ValueSpec value, bool merge, ConnectionSpec connection)
    {
        foreach (var omitted in value.Entries.Where(e => e.Omitted))
        {
            writer.WriteLine(CSharp.CommentText(
                $"// {value.Setting.Key}.{omitted.Key}: the literal secret is not compiled in (BG0011): write ${{env:NAME}} or ${{file:PATH}}, or set Backends__{connection.OverridePath.Replace(":", "__")}__{value.Setting.Key}__{omitted.Key}"));
        }

        var entries = value.Entries.Where(e => !e.Omitted).ToList();
        if (merge && entries.Count == 0)
        {
            return;
        }

        var source = merge ? "(" + MapSource(value.Setting, access) + ")" : "";
        if (entries.Count == 0)
        {
            writer.WriteLine($"{access} = new {Dictionary}();");
            return;
        }

        writer.WriteLine($"{access} = new {Dictionary}{source}");
        writer.WriteLine("{");
        foreach (var entry in entries)
        {
            writer.WriteLine($"    [{CSharp.Literal(entry.Key)}] = {CSharp.Literal(entry.Value)},");
        }

        writer.WriteLine("};");
    }

    private static void WriteOverrides(SourceWriter writer, string target, SettingsSchema schema, string path, LocalNames names)
    {
        foreach (var setting in schema.Settings)
        {
            var key = path + ":" + setting.Key;
            var access = target + "." + setting.PropertyName;
            switch (setting.Type)
            {
                case SettingType.Unsupported:
                case SettingType.StringMap:
                    // A map's entries are overridden by each connection's factory, for the keys its files give.
                    break;
                case SettingType.Object:
                    if (setting.Nested is { } nested)
                    {
                        var nestedTarget = setting.IsNullable && setting.IsSettable ? $"({access} ??= new {setting.TypeName}())" : access;
                        WriteOverrides(writer, nestedTarget, nested, key, names);
                    }

                    break;
                case SettingType.StringList:
                    var list = names.Next("v");
                    var items = setting.ListShape == ListShape.List ? $"new global::System.Collections.Generic.List<string>({list})" : list;
                    writer.WriteLine($"if (context.OverrideList({KeyExpression(key)}) is {{ }} {list}) {access} = {items};");
                    break;
                default:
                    var text = names.Next("v");
                    writer.WriteLine($"if (context.Override({KeyExpression(key)}) is {{ }} {text}) {access} = {Parse(setting, text, KeyExpression(key))};");
                    break;
            }
        }
    }

    /// <summary>The overrides of the map entries a connection's files give (<c>Backends:mysql:demo:options:SslCa</c>).</summary>
    private static void WriteMapOverrides(
        SourceWriter writer, string target, SettingsSchema schema, string path, Dictionary<string, List<string>> mapKeys, LocalNames names)
    {
        foreach (var setting in schema.Settings)
        {
            var key = path + ":" + setting.Key;
            var access = target + "." + setting.PropertyName;
            if (setting.Type == SettingType.Object && setting.Nested is { } nested)
            {
                var nestedTarget = setting.IsNullable && setting.IsSettable ? $"({access} ??= new {setting.TypeName}())" : access;
                WriteMapOverrides(writer, nestedTarget, nested, key, mapKeys, names);
            }
            else if (setting.Type == SettingType.StringMap && mapKeys.TryGetValue(key, out var keys) && keys.Count > 0)
            {
                var entries = names.Next("o");
                writer.WriteLine(
                    $"if (context.OverrideEntries({access}, {CSharp.Literal(key)}, {string.Join(", ", keys.Select(CSharp.Literal))}) is {{ }} {entries}) {access} = {entries};");
            }
        }
    }

    private static void WriteResolves(SourceWriter writer, string target, SettingsSchema schema, string path, LocalNames names)
    {
        foreach (var setting in schema.Settings)
        {
            var key = path + ":" + setting.Key;
            var access = target + "." + setting.PropertyName;
            if (setting.Type == SettingType.String)
            {
                writer.WriteLine($"{access} = context.Resolve({access}, {KeyExpression(key)}){(setting.IsNullable ? "" : "!")};");
            }
            else if (setting.Type == SettingType.StringList && setting.IsSettable)
            {
                var local = names.Next("l");
                var resolved = $"context.ResolveList({local}, {KeyExpression(key)})";
                writer.WriteLine(
                    $"if ({access} is {{ }} {local}) {access} = {(setting.ListShape == ListShape.List ? $"new global::System.Collections.Generic.List<string>({resolved})" : resolved)};");
            }
            else if (setting.Type == SettingType.StringMap && setting.IsSettable)
            {
                var local = names.Next("m");
                writer.WriteLine($"if ({access} is {{ }} {local}) {access} = context.ResolveMap({local}, {KeyExpression(key)});");
            }
            else if (setting.Type == SettingType.Object && setting.Nested is { } nested && HasStrings(nested))
            {
                if (setting.IsNullable)
                {
                    var local = names.Next("n");
                    writer.OpenBlock($"if ({access} is {{ }} {local})");
                    WriteResolves(writer, local, nested, key, names);
                    writer.CloseBlock();
                }
                else
                {
                    WriteResolves(writer, access, nested, key, names);
                }
            }
        }
    }

    private static bool HasStrings(SettingsSchema schema) =>
        schema.Settings.Any(s => s.Type is SettingType.String or SettingType.StringList or SettingType.StringMap ||
            (s.Type == SettingType.Object && s.Nested is { } nested && HasStrings(nested)));

    private static string ScalarLiteral(ValueSpec value)
    {
        var setting = value.Setting;
        return setting.Type switch
        {
            SettingType.String => CSharp.Literal(value.Text),
            SettingType.Int64 => value.Text + "L",
            SettingType.Double => value.Text + "d",
            SettingType.Duration => value.Text == "infinite"
                ? "global::System.Threading.Timeout.InfiniteTimeSpan"
                : $"global::System.TimeSpan.FromTicks({value.Text}L)",
            SettingType.Enum => setting.TypeName + "." + EscapeIdentifier(value.Text),
            _ => value.Text,
        };
    }

    private static string ListLiteral(SettingSpec setting, EquatableArray<string> items)
    {
        var values = string.Join(", ", items.Select(CSharp.Literal));
        if (setting.ListShape == ListShape.List)
        {
            return items.IsEmpty ? "new global::System.Collections.Generic.List<string>()" : $"new global::System.Collections.Generic.List<string> {{ {values} }}";
        }

        return items.IsEmpty ? "global::System.Array.Empty<string>()" : $"new string[] {{ {values} }}";
    }

    private static string MapSource(SettingSpec setting, string access) =>
        setting.IsNullable ? $"{access} ?? new {Dictionary}()" : access;

    private static string Parse(SettingSpec setting, string text, string path)
    {
        return setting.Type switch
        {
            SettingType.Boolean => $"{SettingValue}.ParseBoolean({text}, {path})",
            SettingType.Int32 => $"{SettingValue}.ParseInt32({text}, {path}{Range(setting)})",
            SettingType.Int64 => $"{SettingValue}.ParseInt64({text}, {path}{Range(setting)})",
            SettingType.Double => $"{SettingValue}.ParseDouble({text}, {path}{Range(setting)})",
            SettingType.Duration => $"{SettingValue}.ParseDuration({text}, {path})",
            SettingType.Enum => $"{SettingValue}.ParseEnum<{setting.TypeName}>({text}, {path})",
            _ => text,
        };
    }

    private static string Range(SettingSpec setting) =>
        (setting.Min is { } min ? ", min: " + CSharp.Double(min) : "") + (setting.Max is { } max ? ", max: " + CSharp.Double(max) : "");

    private static string EscapeIdentifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

    /// <summary>The keys each string map is given in any file, so each can be overridden at run time.</summary>
    private static Dictionary<string, List<string>> MapKeys(ConnectionSpec connection)
    {
        var keys = new Dictionary<string, List<string>>();
        Collect(connection.BaseValues, connection.OverridePath);
        foreach (var overlay in connection.Overlays)
        {
            Collect(overlay.Values, connection.OverridePath);
        }

        return keys;

        void Collect(EquatableArray<ValueSpec> values, string path)
        {
            foreach (var value in values)
            {
                var key = path + ":" + value.Setting.Key;
                if (value.Kind == ValueKind.Map)
                {
                    if (!keys.TryGetValue(key, out var list))
                    {
                        keys[key] = list = [];
                    }

                    foreach (var entry in value.Entries.Where(e => !list.Contains(e.Key)))
                    {
                        list.Add(entry.Key);
                    }
                }
                else if (value.Kind == ValueKind.Object)
                {
                    Collect(value.Members, key);
                }
            }
        }
    }

    /// <summary>Numbers the locals of one factory method (<c>v1</c>, <c>v2</c>, ...): pattern variables share the method's scope.</summary>
    private sealed class LocalNames
    {
        private int _next;

        public string Next(string prefix) => prefix + (++_next).ToString(CultureInfo.InvariantCulture);
    }
}
