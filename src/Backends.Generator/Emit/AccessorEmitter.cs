using System;
using System.Collections.Generic;
using System.Linq;
using Backends.Generator.Model;

namespace Backends.Generator.Emit;

/// <summary>
/// Writes <c>Db.g.cs</c>: the settings context, one static field per connection, the registry, the typed
/// accessors (<c>Db.MySql.Demo</c>), the settings factories, and the name constants (<c>DbNames.MySql.Demo</c>).
/// One file, so the static fields initialise in the order they are written.
/// </summary>
internal static class AccessorEmitter
{
    private const string Context = "global::Backends.Runtime.BackendSettingsContext";
    private const string Connection = "global::Backends.Runtime.IBackendConnection";
    private const string Telemetry = "global::Backends.Runtime.BackendsTelemetry.Name";

    public static string Emit(GenerationSpec spec, EquatableArray<GeneratedHandleSpec> handles, string generatorVersion)
    {
        var writer = new SourceWriter();
        var connections = spec.Kinds.SelectMany(k => k.Connections).ToList();
        var generated = handles.ToDictionary(h => h.Connection, h => h.TypeName, StringComparer.Ordinal);
        string HandleType(ConnectionSpec connection) => generated.TryGetValue(connection.FullName, out var type) ? type : connection.Adapter.HandleType;
        OutputEmitter.WriteHeader(writer, spec);

        writer.WriteLine("/// <summary>Typed access to the backends declared in backends.json.</summary>");
        writer.WriteLine(OutputEmitter.GeneratedCodeAttribute(generatorVersion));
        writer.OpenBlock($"public static partial class {spec.ClassName}");
        writer.WriteLine($"private static readonly {Context} s_context = new();");
        foreach (var connection in connections)
        {
            var adapter = connection.Adapter;
            writer.WriteLine();
            writer.WriteLine($"private static readonly {HandleType(connection)} {connection.FieldName} =");
            writer.WriteLine(
                $"    new({CSharp.Literal(adapter.Kind)}, {CSharp.Literal(connection.Name)}, new(s_context, {connection.FactoryName}));");
        }

        StoreEmitter.WriteFields(writer, spec);
        writer.WriteLine();
        writer.WriteLine("private static readonly global::Backends.Runtime.BackendRegistry s_registry = new(");
        if (connections.Count == 0 && spec.Stores.Count == 0)
        {
            writer.WriteLine($"    global::System.Array.Empty<{Connection}>(),");
        }
        else
        {
            writer.WriteLine($"    new {Connection}[]");
            writer.WriteLine("    {");
            foreach (var connection in connections)
            {
                writer.WriteLine($"        {connection.FieldName},");
            }

            StoreEmitter.WriteRegistryEntries(writer, spec);
            writer.WriteLine("    },");
        }

        writer.WriteLine("    s_context);");
        writer.WriteLine();
        writer.WriteLines($$"""
            /// <summary>Every connection in one registry: lookups by name (<c>Get("kind.name")</c>), start-up and shutdown.</summary>
            public static global::Backends.Runtime.BackendRegistry Registry => s_registry;

            /// <summary>Every connection, in declaration order.</summary>
            public static global::System.Collections.Generic.IReadOnlyList<{{Connection}}> All => s_registry.All;

            /// <summary>Configures every connection in parallel; completes when all are ready.</summary>
            /// <param name="cancellationToken">Stops waiting for connections that are not up yet.</param>
            /// <returns>A task that completes when every connection is ready.</returns>
            public static global::System.Threading.Tasks.Task InitializeAsync(global::System.Threading.CancellationToken cancellationToken = default) => s_registry.InitializeAsync(cancellationToken);

            /// <summary>Closes every connection.</summary>
            /// <returns>A task that completes when every connection is closed.</returns>
            public static global::System.Threading.Tasks.ValueTask DisposeAsync() => s_registry.DisposeAsync();
            """);
        var adapters = connections.Select(c => c.Adapter).GroupBy(a => a.Kind).Select(g => g.First()).ToList();
        WriteTelemetryNames(writer, "ActivitySourceNames", "activity sources to trace", adapters.SelectMany(a => a.ActivitySourceNames));
        WriteTelemetryNames(writer, "MeterNames", "meters to collect", adapters.SelectMany(a => a.MeterNames));

        foreach (var kind in spec.Kinds)
        {
            writer.WriteLine();
            writer.WriteLine($"/// <summary>The <c>{CSharp.DocText(kind.Kind)}</c> connections.</summary>");
            writer.OpenBlock($"public static partial class {kind.ClassName}");
            var first = true;
            foreach (var connection in kind.Connections)
            {
                if (!first)
                {
                    writer.WriteLine();
                }

                first = false;
                writer.WriteLine($"/// <summary>{CSharp.DocText(connection.FullName)} ({CSharp.DocText(connection.BaseFileName)} line {connection.Line}).</summary>");
                writer.WriteLine($"public static {HandleType(connection)} {connection.Identifier} => {connection.FieldName};");
            }

            writer.CloseBlock();
        }

        StoreEmitter.WriteAccessors(writer, spec);
        foreach (var connection in connections)
        {
            writer.WriteLine();
            SettingsEmitter.WriteFactory(writer, connection);
        }

        SettingsEmitter.WriteApplyMethods(writer, connections);

        writer.CloseBlock();
        writer.WriteLine();
        WriteNames(writer, spec, generatorVersion);
        return writer.ToString();
    }

    /// <summary>
    /// <c>Db.ActivitySourceNames</c> / <c>Db.MeterNames</c>: <c>"Backends"</c> and the driver names the adapters in use
    /// declare, so <c>tracing.AddSource(Db.ActivitySourceNames)</c> needs no name typed by hand. A new array per call.
    /// </summary>
    private static void WriteTelemetryNames(SourceWriter writer, string member, string what, IEnumerable<string> driverNames)
    {
        var drivers = driverNames.Where(n => n != "Backends").Distinct(StringComparer.Ordinal).ToList();
        var listed = string.Join(", ", drivers.Prepend("Backends").Select(n => "<c>" + CSharp.DocText(n) + "</c>"));
        writer.WriteLine();
        writer.WriteLine($"/// <summary>The {what}: BackendGen's own and those of the drivers in use ({listed}).</summary>");
        writer.WriteLine(
            $"public static string[] {member} => new string[] {{ {string.Join(", ", drivers.Select(CSharp.Literal).Prepend(Telemetry))} }};");
    }

    private static void WriteNames(SourceWriter writer, GenerationSpec spec, string generatorVersion)
    {
        writer.WriteLine("/// <summary>The full names of the backends declared in backends.json, as constants.</summary>");
        writer.WriteLine(OutputEmitter.GeneratedCodeAttribute(generatorVersion));
        writer.OpenBlock($"public static partial class {spec.ClassName}Names");
        var firstKind = true;
        foreach (var kind in spec.Kinds)
        {
            if (!firstKind)
            {
                writer.WriteLine();
            }

            firstKind = false;
            writer.WriteLine($"/// <summary>The names of the <c>{CSharp.DocText(kind.Kind)}</c> connections.</summary>");
            writer.OpenBlock($"public static partial class {kind.ClassName}");
            var first = true;
            foreach (var connection in kind.Connections)
            {
                if (!first)
                {
                    writer.WriteLine();
                }

                first = false;
                writer.WriteLine($"/// <summary><c>{CSharp.DocText(connection.FullName)}</c>.</summary>");
                writer.WriteLine($"public const string {connection.Identifier} = {CSharp.Literal(connection.FullName)};");
            }

            writer.CloseBlock();
        }

        StoreEmitter.WriteNames(writer, spec, afterKinds: !firstKind);
        writer.CloseBlock();
    }
}
