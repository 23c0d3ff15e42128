using System.Globalization;
using Backends.Runtime;
using MySqlConnector;

namespace Backends.MySql;

/// <summary>Builds MySqlConnector connection strings from <see cref="MySqlSettings"/>.</summary>
internal static class MySqlConnectionStrings
{
    // Connection-string options that have a typed setting of their own (canonical MySqlConnector names), mapped to
    // the backends.json key to write instead. A pass-through option may not set them: two places for one value
    // would let one silently win, and a password in "options" would escape redaction.
    private static readonly Dictionary<string, string> s_typed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Server"] = "hosts",
        ["Port"] = "hosts",
        ["Database"] = "database",
        ["User ID"] = "username",
        ["Password"] = "password",
        ["Minimum Pool Size"] = "pool.min",
        ["Maximum Pool Size"] = "pool.max",
        ["Connection Timeout"] = "connectTimeout",
        ["Default Command Timeout"] = "commandTimeout",
        ["SSL Mode"] = "sslMode",
        ["Load Balance"] = "loadBalance",
    };

    /// <summary>The connection string for <paramref name="settings"/>; <paramref name="name"/> (<c>mysql.demo</c>) names it in errors.</summary>
    /// <exception cref="BackendConfigurationException">The settings cannot make a valid connection string.</exception>
    public static string Build(MySqlSettings settings, string name)
    {
        var builder = new MySqlConnectionStringBuilder();
        var (hosts, port) = Servers(settings, name);
        builder.Server = string.Join(",", hosts);
        builder.Port = port;
        builder.Database = settings.Database;
        if (settings.Username is not null)
        {
            builder.UserID = settings.Username;
        }

        if (settings.Password is not null)
        {
            builder.Password = settings.Password;
        }

        var pool = settings.Pool ?? new PoolSettings();
        if (pool.Min < 0 || pool.Max < 1 || pool.Min > pool.Max)
        {
            throw new BackendConfigurationException(string.Create(
                CultureInfo.InvariantCulture,
                $"{name}: pool.min = {pool.Min} and pool.max = {pool.Max} are not valid: write 0 <= min <= max and max >= 1."));
        }

        builder.MinimumPoolSize = (uint)pool.Min;
        builder.MaximumPoolSize = (uint)pool.Max;
        builder.ConnectionTimeout = Seconds(settings.ConnectTimeout, minimum: 1);
        builder.DefaultCommandTimeout = Seconds(settings.CommandTimeout, minimum: 0);
        builder.SslMode = settings.SslMode;
        builder.LoadBalance = settings.LoadBalance;

        foreach (var (key, value) in settings.Options ?? new Dictionary<string, string>())
        {
            SetOption(builder, key, value, name);
        }

        return builder.ConnectionString;
    }

    private static (List<string> Hosts, uint Port) Servers(MySqlSettings settings, string name)
    {
        IReadOnlyList<string> entries = settings.Hosts is { Count: > 0 } list
            ? list
            : settings.Host is { Length: > 0 } host ? [host] : [];
        if (entries.Count == 0)
        {
            throw new BackendConfigurationException(
                $"{name}: no server given: write \"hosts\": [\"127.0.0.1:3306\"], or \"host\" and \"port\".");
        }

        // MySqlConnector takes one port for all hosts; hosts that name their own ports must agree on it.
        var names = new List<string>(entries.Count);
        uint? port = null;
        foreach (var entry in entries)
        {
            if (string.IsNullOrWhiteSpace(entry))
            {
                throw new BackendConfigurationException($"{name}: \"hosts\" holds an empty entry: write \"host:port\" for each server.");
            }

            var (hostName, p) = SplitHost(entry.Trim(), settings.Port, name);
            names.Add(hostName);
            if (port is { } existing && existing != p)
            {
                throw new BackendConfigurationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name}: the hosts use different ports ({existing} and {p}); MySqlConnector needs one port for all hosts of a connection."));
            }

            port = p;
        }

        return (names, port ?? 3306);
    }

    private static (string Host, uint Port) SplitHost(string entry, int defaultPort, string name)
    {
        // "[::1]:3306" and "[::1]" are IPv6 literals; MySqlConnector wants them without the brackets.
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new BackendConfigurationException($"{name}: host \"{entry}\" has no closing ']': write \"[::1]:3306\".");
            }

            var address = entry[1..close];
            var rest = entry[(close + 1)..];
            return rest.Length == 0 ? (address, CheckPort(defaultPort, entry, name)) : (address, ParsePort(rest.TrimStart(':'), entry, name));
        }

        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (entry, CheckPort(defaultPort, entry, name));
        }

        if (entry.IndexOf(':', colon + 1) >= 0)
        {
            // A bare IPv6 address (several colons) carries no port.
            return (entry, CheckPort(defaultPort, entry, name));
        }

        return (entry[..colon], ParsePort(entry[(colon + 1)..], entry, name));
    }

    private static uint ParsePort(string text, string entry, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? CheckPort(port, entry, name)
            : throw new BackendConfigurationException($"{name}: host \"{entry}\" has no valid port: write \"host:port\" with a port from 1 to 65535.");

    private static uint CheckPort(int port, string entry, string name) =>
        port is >= 1 and <= 65535
            ? (uint)port
            : throw new BackendConfigurationException(string.Create(
                CultureInfo.InvariantCulture,
                $"{name}: host \"{entry}\" has port {port}: write a port from 1 to 65535."));

    private static uint Seconds(TimeSpan value, uint minimum)
    {
        // MySqlConnector counts whole seconds, and 0 means no limit.
        if (value == Timeout.InfiniteTimeSpan)
        {
            return 0;
        }

        var seconds = Math.Ceiling(Math.Max(0, value.TotalSeconds));
        return (uint)Math.Clamp(seconds, minimum, int.MaxValue);
    }

    private static void SetOption(MySqlConnectionStringBuilder builder, string key, string value, string name)
    {
        var probe = new MySqlConnectionStringBuilder();
        try
        {
            probe[key] = value;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // MySqlConnector's message quotes the value ("Invalid value '...' for '...' connection string option"),
            // which may be a secret: neither it nor the exception is passed on, only the key and the kind of error.
            throw new BackendConfigurationException(
                $"{name}: options.{key} is not a MySqlConnector connection-string option, or its value is not valid for it ({ex.GetType().Name}): see https://mysqlconnector.net/connection-options/ for the option and the values it takes.");
        }

        foreach (string canonical in probe.Keys)
        {
            if (s_typed.TryGetValue(canonical, out var typedKey))
            {
                throw new BackendConfigurationException(
                    $"{name}: options.{key} sets \"{canonical}\", which has its own setting: write \"{typedKey}\" instead.");
            }

            builder[canonical] = probe[canonical];
        }
    }
}
