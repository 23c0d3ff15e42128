using Backends.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backends.Hosting;

/// <summary>DI registration shared by every generated <c>AddBackends</c>.</summary>
public static class BackendServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="registry"/>, each connection keyed by its name, a hosted service that brings them up
    /// at start and closes them at stop, and a health check per connection (tagged <c>backends</c> and its kind).
    /// When <paramref name="configuration"/> is given, its <c>Backends</c> section overrides <c>backends.json</c> values.
    /// </summary>
    public static IServiceCollection AddBackendRegistry(this IServiceCollection services, BackendRegistry registry, IConfiguration? configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registry);
        if (configuration is not null && registry.Context is { IsFrozen: false } context)
        {
            context.UseValues(new ConfigurationValueSource(configuration));
            if (configuration[HostDefaults.EnvironmentKey] is { Length: > 0 } environment)
            {
                context.UseEnvironment(environment);
            }
        }

        services.TryAddSingleton(registry);
        foreach (var connection in registry.All)
        {
            services.AddKeyedSingleton(connection.Name, connection);
        }

        services.AddHostedService(sp =>
        {
            registry.UseLogger(sp.GetRequiredService<ILoggerFactory>());
            return new BackendStartupService(registry, sp.GetRequiredService<ILogger<BackendStartupService>>());
        });

        var health = services.AddHealthChecks();
        foreach (var connection in registry.All)
        {
            health.AddCheck(connection.Name, new BackendHealthCheck(connection), tags: ["backends", connection.Backend]);
        }

        return services;
    }
}
