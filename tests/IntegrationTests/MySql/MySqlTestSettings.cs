using Backends.MySql;
using Backends.Runtime;

namespace IntegrationTests.MySql;

/// <summary>
/// Builds MySQL settings factories the way generated code does (docs/generated-code.md): the values compiled from
/// backends.json first, then every run-time override under <c>mysql:NAME:</c>, then secret references resolved.
/// </summary>
public static class MySqlTestSettings
{
    public static SettingsFactory<MySqlSettings> Factory(BackendSettingsContext context, string name, Action<MySqlSettings> fromJson) =>
        new(context, ctx =>
        {
            var settings = new MySqlSettings();
            fromJson(settings);
            var path = "mysql:" + name + ":";
            if (ctx.OverrideList(path + "hosts") is { } hosts)
            {
                settings.Hosts = hosts;
            }

            if (ctx.Override(path + "database") is { } database)
            {
                settings.Database = database;
            }

            if (ctx.Override(path + "username") is { } username)
            {
                settings.Username = username;
            }

            if (ctx.Override(path + "password") is { } password)
            {
                settings.Password = password;
            }

            if (ctx.Override(path + "startupTimeout") is { } startupTimeout)
            {
                settings.StartupTimeout = SettingValue.ParseDuration(startupTimeout, path + "startupTimeout");
            }

            if (ctx.Override(path + "pool:max") is { } poolMax)
            {
                settings.Pool.Max = SettingValue.ParseInt32(poolMax, path + "pool:max", 1, 1000);
            }

            settings.Password = ctx.Resolve(settings.Password, path + "password");
            return settings;
        });

    /// <summary>A loopback address in 127.0.0.0/8 where nothing listens (the test servers bind 127.0.0.1 only).</summary>
    public const string NothingListens = "127.0.0.2";
}
