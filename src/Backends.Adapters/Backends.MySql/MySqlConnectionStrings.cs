using System.Globalization;
using MySqlConnector;

namespace Backends.MySql;

/// <summary>Builds MySqlConnector connection strings from <see cref="MySqlSettings"/>.</summary>
internal static class MySqlConnectionStrings
{
    public static string Build(MySqlSettings settings)
    {
        var builder = new MySqlConnectionStringBuilder();
        foreach (var (key, value) in settings.Options)
        {
            builder[key] = value;
        }

        var hosts = settings.Hosts.Count > 0 ? settings.Hosts : settings.Host is { Length: > 0 } h ? [h + ":" + settings.Port.ToString(CultureInfo.InvariantCulture)] : [];
        if (hosts.Count == 0)
        {
            throw new Runtime.BackendConfigurationException("mysql: no server given: write \"hosts\": [\"127.0.0.1:3306\"] or \"host\" + \"port\".");
        }

        // MySqlConnector takes one port for all hosts; hosts with their own ports must agree on it.
        var names = new List<string>();
        uint? port = null;
        foreach (var entry in hosts)
        {
            var (name, p) = SplitHost(entry, (uint)settings.Port);
            names.Add(name);
            if (port is { } existing && existing != p)
            {
                throw new Runtime.BackendConfigurationException(
                    $"mysql: hosts use different ports ({existing} and {p}); MySqlConnector needs one port for all hosts.");
            }

            port = p;
        }

        builder.Server = string.Join(",", names);
        builder.Port = port ?? 3306;
        builder.Database = settings.Database;
        if (settings.Username is not null)
        {
            builder.UserID = settings.Username;
        }

        if (settings.Password is not null)
        {
            builder.Password = settings.Password;
        }

        builder.MinimumPoolSize = (uint)settings.Pool.Min;
        builder.MaximumPoolSize = (uint)settings.Pool.Max;
        builder.ConnectionTimeout = (uint)Math.Max(1, Math.Ceiling(settings.ConnectTimeout.TotalSeconds));
        builder.DefaultCommandTimeout = (uint)Math.Max(0, Math.Ceiling(settings.CommandTimeout.TotalSeconds));
        builder.SslMode = settings.SslMode;
        builder.LoadBalance = settings.LoadBalance;
        return builder.ConnectionString;
    }

    private static (string Host, uint Port) SplitHost(string entry, uint defaultPort)
    {
        var colon = entry.LastIndexOf(':');
        if (colon > 0 && entry.IndexOf(']', StringComparison.Ordinal) < colon &&
            uint.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return (entry[..colon], port);
        }

        return (entry, defaultPort);
    }
}
