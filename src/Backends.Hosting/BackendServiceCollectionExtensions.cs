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
    /// at start (ending the process with exit code 70 if they do not come up) and closes them at stop, and a health check
    /// per connection named <c>backends.&lt;kind&gt;.&lt;name&gt;</c>, tagged <c>backends</c>, its kind and its full name.
    /// When <paramref name="configuration"/> is given, its <c>Backends</c> section overrides <c>backends.json</c> values
    /// and its environment name picks the <c>backends.{Environment}.json</c> overlay.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="registry">The registry, usually the generated <c>Db.Registry</c>.</param>
    /// <param name="configuration">The application's configuration, or <see langword="null"/> for no overrides.</param>
    /// <param name="healthCheckTimeout">How long one health check may take; <see cref="BackendHealthCheck.DefaultTimeout"/> by default.</param>
    /// <exception cref="InvalidOperationException">
    /// The connections already read their settings (a handle's <c>Config</c> or <c>Instance</c> was used, or the registry was
    /// initialized) before this call, so the overrides of <paramref name="configuration"/> could no longer apply.
    /// </exception>
    public static IServiceCollection AddBackendRegistry(
        this IServiceCollection services, BackendRegistry registry, IConfiguration? configuration, TimeSpan? healthCheckTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registry);
        if (configuration is not null && registry.Context is { } context)
        {
            if (context.IsFrozen)
            {
                throw new InvalidOperationException(
                    "AddBackends(configuration) was called after the backends had already read their settings, so the overrides in " +
                    "the configuration's Backends section and its environment name could not apply. Something read a handle's Config " +
                    "or Instance, or called Db.InitializeAsync, before AddBackends: move AddBackends(builder.Configuration) before that " +
                    "code (right after the host builder is created), and read the handles only once the host is built.");
            }

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
            return new BackendStartupService(
                registry, sp.GetRequiredService<ILogger<BackendStartupService>>(), sp.GetService<IHostApplicationLifetime>());
        });

        var health = services.AddHealthChecks();
        foreach (var connection in registry.All)
        {
            health.Add(BackendHealthCheck.Registration(connection, healthCheckTimeout ?? BackendHealthCheck.DefaultTimeout));
        }

        return services;
    }
}
