using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Backends.Generator.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace Backends.Generator.Emit;

/// <summary>
/// Writes each connection's values lambda: plain assignments for the base file's values, one
/// <c>if (context.IsEnvironment("X"))</c> block per overlay and the run-time overrides of the map entries it declares;
/// and, once per settings type, <c>Create…Settings(prefix, values)</c> (new settings, the lambda, then
/// <c>Apply…Overrides</c>) and <c>Apply…Overrides(settings, context, prefix)</c>, which applies a run-time override for
/// every settable key under <c>prefix</c> and then resolves secret references in every compiled string, list item and
/// map value (an overridden value is data and is not resolved: the context skips it). No reflection: the generated
/// code only news and assigns.
/// </summary>
internal static class SettingsEmitter
{
    private const string Dictionary = "global::System.Collections.Generic.Dictionary<string, string>";
    private const string SettingValue = "global::Backends.Runtime.SettingValue";
    private const string Context = "global::Backends.Runtime.BackendSettingsContext";

    /// <summary>
    /// Writes the body of a connection's values lambda, <c>static (s, context) =&gt; { ... }</c>, given to its settings
    /// type's <c>Create…Settings(prefix, values)</c>: the base file's values, one block per overlay, and the overrides
    /// of the map entries its files give. Nothing else: the settings object, the overrides of every other key and
    /// the secret references are the shared helper's.
    /// </summary>
    public static void WriteValues(SourceWriter writer, ConnectionSpec connection, string closing)
    {
        var adapter = connection.Adapter;
        writer.OpenBlock();
        WriteValues(writer, "s", connection.BaseValues, merge: false, connection);
        foreach (var overlay in connection.Overlays)
        {
            if (overlay.Values.IsEmpty)
            {
                continue;
            }

            writer.StartLine().Write("// ").Write(CSharp.CommentText(overlay.FileName)).EndLine();
            writer.OpenBlock("if (context.IsEnvironment(" + CSharp.Literal(overlay.Environment) + "))");
            WriteValues(writer, "s", overlay.Values, merge: true, connection);
            writer.CloseBlock();
        }

        if (MapKeys(connection) is { } mapKeys)
        {
            WriteMapOverrides(writer, "s", adapter.Settings, connection.OverridePath, mapKeys, new LocalNames());
        }

        writer.CloseBlock(closing);
    }

    /// <summary>The shared factory helper of a settings type: <c>CreateMySqlSettings</c>, named after the first kind that uses it.</summary>
    public static string CreateMethodName(AdapterSpec adapter) => "Create" + adapter.ClassName + "Settings";

    /// <summary>
    /// Writes, once per settings type the connections use (in first-use order), its <c>Create…Settings</c> helper
    /// (a new settings object, a connection's values, then <c>Apply…Overrides</c>) and its <c>Apply…Overrides</c>:
    /// the run-time overrides of every settable key, then the resolution of secret references.
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
                $"// A {CSharp.CommentText(adapter.Kind)} connection's settings: a new object, the connection's own values (from backends.json and its overlays), then {ApplyMethodName(adapter)}.");
            writer.WriteLine(
                $"private static global::Backends.Runtime.SettingsFactory<{adapter.SettingsType}> {CreateMethodName(adapter)}(string prefix, global::System.Action<{adapter.SettingsType}, {Context}> values) =>");
            writer.WriteLines($$"""
                    new(s_context, context =>
                    {
                        var settings = new {{adapter.SettingsType}}();
                        values(settings, context);
                        return {{ApplyMethodName(adapter)}}(settings, context, prefix);
                    });
                """);
            writer.WriteLine();
            writer.WriteLine(
                $"// Run-time overrides of every {CSharp.CommentText(adapter.Kind)} setting: Backends:{{prefix}}:* in IConfiguration, or Backends__{{prefix}}__* variables; then secret references (${{env:NAME}}, ${{file:PATH}}).");
            writer.OpenBlock($"private static {adapter.SettingsType} {ApplyMethodName(adapter)}({adapter.SettingsType} settings, {Context} context, string prefix)");
            WriteOverrides(writer, "settings", adapter.Settings, "", names);
            writer.WriteLine("// secret references in every string setting; an overridden value is data and is kept as it is");
            WriteResolves(writer, "settings", adapter.Settings, "", names);
            writer.WriteLine("return settings;");
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
            switch (value.Kind)
            {
                case ValueKind.Null:
                    writer.StartLine().Write(target).Write('.').Write(setting.PropertyName).Write(" = null;").EndLine();
                    break;
                case ValueKind.Scalar:
                    writer.StartLine().Write(target).Write('.').Write(setting.PropertyName).Write(" = ");
                    WriteScalar(writer, value);
                    writer.Write(';').EndLine();
                    break;
                case ValueKind.List:
                    writer.StartLine().Write(target).Write('.').Write(setting.PropertyName).Write(" = ");
                    WriteList(writer, setting, value.Items);
                    writer.Write(';').EndLine();
                    break;
                case ValueKind.Map:
                    WriteMap(writer, target + "." + setting.PropertyName, value, merge, connection);
                    break;
                case ValueKind.Object:
                    var access = target + "." + setting.PropertyName;
                    if (setting.IsNullable && setting.IsSettable)
                    {
                        writer.StartLine().Write(access).Write(" ??= new ").Write(setting.TypeName).Write("();").EndLine();
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
        var entries = 0;
        foreach (var entry in value.Entries)
        {
            if (entry.Omitted)
            {
                writer.WriteLine(CSharp.CommentText(
                    $"// {value.Setting.Key}.{entry.Key}: the literal secret is not compiled in (BG0011): write ${{env:NAME}} or ${{file:PATH}}, or set Backends__{connection.OverridePath.Replace(":", "__")}__{value.Setting.Key}__{entry.Key}"));
            }
            else
            {
                entries++;
            }
        }

        if (merge && entries == 0)
        {
            return;
        }

        writer.StartLine().Write(access).Write(" = new ").Write(Dictionary);
        if (merge)
        {
            writer.Write('(').Write(MapSource(value.Setting, access)).Write(')');
        }
        else if (entries == 0)
        {
            writer.Write("();").EndLine();
            return;
        }

        writer.Write(" {");
        var first = true;
        foreach (var entry in value.Entries)
        {
            if (!entry.Omitted)
            {
                writer.Write(first ? " [" : ", [").WriteLiteral(entry.Key).Write("] = ").WriteLiteral(entry.Value);
                first = false;
            }
        }

        writer.Write(" };").EndLine();
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
            if (setting.Type is not (SettingType.Object or SettingType.StringMap))
            {
                continue;
            }

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
                writer.StartLine().Write("if (context.OverrideEntries(").Write(access).Write(", ").WriteLiteral(key);
                foreach (var entryKey in keys)
                {
                    writer.Write(", ").WriteLiteral(entryKey);
                }

                writer.Write(") is { } ").Write(entries).Write(") ").Write(access).Write(" = ").Write(entries).Write(';').EndLine();
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

    private static void WriteScalar(SourceWriter writer, ValueSpec value)
    {
        var setting = value.Setting;
        switch (setting.Type)
        {
            case SettingType.String:
                writer.WriteLiteral(value.Text);
                break;
            case SettingType.Int64:
                writer.Write(value.Text).Write('L');
                break;
            case SettingType.Double:
                writer.Write(value.Text).Write('d');
                break;
            case SettingType.Duration:
                if (value.Text == "infinite")
                {
                    writer.Write("global::System.Threading.Timeout.InfiniteTimeSpan");
                }
                else
                {
                    writer.Write("global::System.TimeSpan.FromTicks(").Write(value.Text).Write("L)");
                }

                break;
            case SettingType.Enum:
                writer.Write(setting.TypeName).Write('.').Write(EscapeIdentifier(value.Text));
                break;
            default:
                writer.Write(value.Text);
                break;
        }
    }

    private static void WriteList(SourceWriter writer, SettingSpec setting, EquatableArray<string> items)
    {
        var list = setting.ListShape == ListShape.List;
        if (items.IsEmpty)
        {
            writer.Write(list ? "new global::System.Collections.Generic.List<string>()" : "global::System.Array.Empty<string>()");
            return;
        }

        writer.Write(list ? "new global::System.Collections.Generic.List<string> {" : "new string[] {");
        var first = true;
        foreach (var item in items)
        {
            writer.Write(first ? " " : ", ").WriteLiteral(item);
            first = false;
        }

        writer.Write(" }");
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
    private static Dictionary<string, List<string>>? MapKeys(ConnectionSpec connection)
    {
        Dictionary<string, List<string>>? keys = null;
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
                if (value.Kind is not (ValueKind.Map or ValueKind.Object))
                {
                    continue;
                }

                var key = path + ":" + value.Setting.Key;
                if (value.Kind == ValueKind.Map)
                {
                    keys ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
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
