using Backends.Runtime;
using MySqlConnector;

namespace Backends.MySql;

/// <summary>Settings of one MySQL / MariaDB connection, as written under <c>"mysql"</c> in <c>backends.json</c>.</summary>
[RequireOneOf("hosts", "host")]
public sealed class MySqlSettings : BackendSettings
{
    /// <summary>Servers as <c>host:port</c>; several mean failover / load balancing.</summary>
    [Setting(Description = "Servers as \"host:port\"; several = failover / load balance.")]
    public IReadOnlyList<string> Hosts { get; set; } = [];

    /// <summary>One server's host name, an alternative to <see cref="Hosts"/>.</summary>
    [Setting(Description = "One server's host name (alternative to hosts).")]
    public string? Host { get; set; }

    /// <summary>The port for <see cref="Host"/>. Default 3306.</summary>
    [Setting(Min = 1, Max = 65535, Description = "Port for host.")]
    public int Port { get; set; } = 3306;

    /// <summary>The database (schema) to use.</summary>
    [Setting(Required = true, Description = "The database (schema) to use.")]
    public string Database { get; set; } = "";

    /// <summary>The user name.</summary>
    [Setting(Description = "The user name.")]
    public string? Username { get; set; }

    /// <summary>The password; write <c>${env:NAME}</c> or <c>${file:PATH}</c>, never a literal.</summary>
    [Setting(Secret = true, Description = "The password: ${env:NAME} or ${file:/run/secrets/x}.")]
    public string? Password { get; set; }

    /// <summary>Connection pool limits.</summary>
    [Setting(Description = "Connection pool limits.")]
    public PoolSettings Pool { get; set; } = new();

    /// <summary>How long to wait for a connection to open. Default 5 seconds.</summary>
    [Setting(Description = "How long opening a connection may take.")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a command may run. Default 30 seconds.</summary>
    [Setting(Description = "How long a command may run.")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>TLS use. Default <see cref="MySqlSslMode.Preferred"/>.</summary>
    [Setting(Description = "TLS: None, Preferred, Required, VerifyCA, VerifyFull.")]
    public MySqlSslMode SslMode { get; set; } = MySqlSslMode.Preferred;

    /// <summary>How several hosts are used. Default <see cref="MySqlLoadBalance.RoundRobin"/>.</summary>
    [Setting(Description = "How several hosts are used: RoundRobin, FailOver, Random, LeastConnections.")]
    public MySqlLoadBalance LoadBalance { get; set; } = MySqlLoadBalance.RoundRobin;

    /// <summary>
    /// The pass-through option keys whose values are secrets (MySqlConnector's <c>Password</c> / <c>Pwd</c>,
    /// <c>Certificate Password</c>, <c>SSL Key</c>, in any spelling the driver accepts): a literal is not compiled in,
    /// and <see cref="BackendSettings.ToString"/> shows them as <c>***</c>.
    /// </summary>
    public const string SecretOptionKeys = "Password,Pwd,CertificatePassword,SslKey";

    /// <summary>
    /// Other MySqlConnector connection-string options, passed through as they are. Values may be references; those
    /// of <see cref="SecretOptionKeys"/> must be.
    /// </summary>
    [Setting(SecretKeys = SecretOptionKeys, Description = "Other MySqlConnector connection-string options, passed through.")]
    public IReadOnlyDictionary<string, string> Options { get; set; } = new Dictionary<string, string>();

    /// <summary>
    /// The table that holds this connection's <see cref="IKeyValueStore"/> entries, created on first use. Letters, digits
    /// and underscores. Default <c>backends_kv</c>.
    /// </summary>
    [Setting(Description = "Table for the key/value store, created on first use (letters, digits, underscores).")]
    public string KeyValueTable { get; set; } = "backends_kv";


}
