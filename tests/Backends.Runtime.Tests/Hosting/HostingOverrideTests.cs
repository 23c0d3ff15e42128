using Backends.Hosting;
using Backends.Runtime;
using Backends.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Backends.Runtime.Tests.Hosting;

/// <summary>
/// <c>AddBackends(configuration)</c> applies the <c>Backends</c> section of <c>IConfiguration</c> to settings that are built
/// on first use. If something read a handle's <c>Config</c> first, the overrides can no longer apply: that must be an
/// exception saying what to move, not a silent skip.
/// </summary>
public sealed class HostingOverrideTests
{
    [Fact]
    public void AddBackends_after_a_Config_read_throws_and_says_to_move_AddBackends_first()
    {
        var (registry, backend) = SqliteRegistry();
        _ = backend.Config;
        var configuration = Configuration(("Backends:sqlite:late:path", "override.db"));

        var exception = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddBackendRegistry(registry, configuration));

        Assert.Contains("AddBackends", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Config", exception.Message, StringComparison.Ordinal);
        Assert.Contains("before", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddBackends_before_the_first_Config_read_applies_the_overrides()
    {
        var (registry, backend) = SqliteRegistry();
        var configuration = Configuration(("Backends:sqlite:late:path", "override.db"));

        new ServiceCollection().AddBackendRegistry(registry, configuration);

        Assert.Equal("override.db", ((SqliteSettings)backend.Config).Path);
    }

    private static (BackendRegistry Registry, SqliteBackend Backend) SqliteRegistry()
    {
        var context = new BackendSettingsContext("Production", new EnvironmentValueSource());
        var backend = new SqliteBackend("late", new SettingsFactory<SqliteSettings>(context, static ctx =>
            new SqliteSettings { Path = ctx.Override("sqlite:late:path") ?? "compiled.db" }));
        return (new BackendRegistry([backend], context), backend);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
