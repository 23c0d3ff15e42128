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

    /// <summary>
    /// Joins the connections' pieces (<paramref name="code"/>, one per connection in declaration order, written by
    /// <see cref="ConnectionEmitter"/>) with what is written once, into one string allocated once.
    /// </summary>
    public static string Emit(GenerationSpec spec, IReadOnlyList<ConnectionCode> code, string generatorVersion)
    {
        var connections = spec.Kinds.SelectMany(k => k.Connections).ToList();
        if (code.Count != connections.Count)
        {
            throw new InvalidOperationException($"{code.Count} connection pieces for {connections.Count} connections.");
        }

        var parts = new List<string>(4 * code.Count + 16);
        var writer = new SourceWriter();
        OutputEmitter.WriteHeader(writer, spec);

        writer.WriteLine("/// <summary>Typed access to the backends declared in backends.json.</summary>");
        writer.WriteLine(OutputEmitter.GeneratedCodeAttribute(generatorVersion));
        writer.OpenBlock($"public static partial class {spec.ClassName}");
        writer.WriteLine($"private static readonly {Context} s_context = new();");
        parts.Add(writer.TakeText());
        foreach (var piece in code)
        {
            parts.Add(piece.Field);
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
            parts.Add(writer.TakeText());
            foreach (var piece in code)
            {
                parts.Add(piece.RegistryEntry);
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

        var index = 0;
        foreach (var kind in spec.Kinds)
        {
            writer.WriteLine();
            writer.WriteLine($"/// <summary>The <c>{CSharp.DocText(kind.Kind)}</c> connections.</summary>");
            writer.OpenBlock($"public static partial class {kind.ClassName}");
            parts.Add(writer.TakeText());
            for (var i = 0; i < kind.Connections.Count; i++)
            {
                if (i > 0)
                {
                    parts.Add("\n");
                }

                parts.Add(code[index + i].Accessor);
            }

            writer.CloseBlock();
            index += kind.Connections.Count;
        }

        StoreEmitter.WriteAccessors(writer, spec);
        SettingsEmitter.WriteApplyMethods(writer, connections);

        writer.CloseBlock();
        writer.WriteLine();
        WriteNames(writer, spec, code, parts, generatorVersion);
        parts.Add(writer.TakeText());
        return string.Concat(parts.ToArray());
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

    private static void WriteNames(SourceWriter writer, GenerationSpec spec, IReadOnlyList<ConnectionCode> code, List<string> parts, string generatorVersion)
    {
        writer.WriteLine("/// <summary>The full names of the backends declared in backends.json, as constants.</summary>");
        writer.WriteLine(OutputEmitter.GeneratedCodeAttribute(generatorVersion));
        writer.OpenBlock($"public static partial class {spec.ClassName}Names");
        var firstKind = true;
        var index = 0;
        foreach (var kind in spec.Kinds)
        {
            if (!firstKind)
            {
                writer.WriteLine();
            }

            firstKind = false;
            writer.WriteLine($"/// <summary>The names of the <c>{CSharp.DocText(kind.Kind)}</c> connections.</summary>");
            writer.OpenBlock($"public static partial class {kind.ClassName}");
            parts.Add(writer.TakeText());
            for (var i = 0; i < kind.Connections.Count; i++)
            {
                if (i > 0)
                {
                    parts.Add("\n");
                }

                parts.Add(code[index + i].Name);
            }

            writer.CloseBlock();
            index += kind.Connections.Count;
        }

        StoreEmitter.WriteNames(writer, spec, afterKinds: !firstKind);
        writer.CloseBlock();
    }
}
