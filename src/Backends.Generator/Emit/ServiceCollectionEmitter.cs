using System.Linq;
using Backends.Generator.Model;

namespace Backends.Generator.Emit;

/// <summary>
/// Writes <c>DbServiceCollectionExtensions.g.cs</c>: <c>AddBackends(services, configuration)</c> registers the
/// registry, hosted start-up and health checks (through the runtime), and every handle and native client keyed by
/// the connection's full name; a handle type used by one connection only is also registered unkeyed.
/// </summary>
internal static class ServiceCollectionEmitter
{
    private const string Services = "global::Microsoft.Extensions.DependencyInjection.IServiceCollection";
    private const string Extensions = "global::Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions";

    public static string Emit(GenerationSpec spec, string generatorVersion)
    {
        var writer = new SourceWriter();
        OutputEmitter.WriteHeader(writer, spec);
        var db = OutputEmitter.Qualified(spec, spec.ClassName);
        var names = OutputEmitter.Qualified(spec, spec.ClassName + "Names");
        var connections = spec.Kinds.SelectMany(k => k.Connections).ToList();
        var handleCounts = connections.GroupBy(c => c.Adapter.HandleType).ToDictionary(g => g.Key, g => g.Count());

        writer.WriteLine($"/// <summary>Registers the backends declared in backends.json with dependency injection.</summary>");
        writer.WriteLine(OutputEmitter.GeneratedCodeAttribute(generatorVersion));
        writer.OpenBlock($"public static class {spec.ClassName}ServiceCollectionExtensions");
        writer.WriteLines($$"""
            /// <summary>
            /// Registers {{spec.ClassName}}.Registry with a hosted service that brings every connection up at start and closes them at stop,
            /// a health check per connection, every handle and native client keyed by its full name (<c>"kind.name"</c>), and each
            /// handle type that only one connection uses also without a key. The <c>Backends</c> section of
            /// <paramref name="configuration"/> overrides the values of backends.json.
            /// </summary>
            /// <param name="services">The service collection.</param>
            /// <param name="configuration">The configuration whose <c>Backends</c> section overrides backends.json.</param>
            /// <returns><paramref name="services"/>, for chaining.</returns>
            """);
        writer.OpenBlock($"public static {Services} AddBackends(this {Services} services, global::Microsoft.Extensions.Configuration.IConfiguration configuration)");
        writer.WriteLine($"global::Backends.Hosting.BackendServiceCollectionExtensions.AddBackendRegistry(services, {db}.Registry, configuration);");
        foreach (var kind in spec.Kinds)
        {
            foreach (var connection in kind.Connections)
            {
                var adapter = connection.Adapter;
                var handle = $"{db}.{kind.ClassName}.{connection.Identifier}";
                var key = $"{names}.{kind.ClassName}.{connection.Identifier}";
                writer.WriteLine($"{Extensions}.AddKeyedSingleton<{adapter.HandleType}>(services, {key}, {handle});");
                writer.WriteLine($"{Extensions}.AddKeyedSingleton<{adapter.InstanceType}>(services, {key}, static (_, _) => {handle}.Instance);");
                if (handleCounts[adapter.HandleType] == 1)
                {
                    writer.WriteLine($"{Extensions}.AddSingleton<{adapter.HandleType}>(services, {handle});");
                }
            }
        }

        writer.WriteLine("return services;");
        writer.CloseBlock();
        writer.CloseBlock();
        return writer.ToString();
    }
}
