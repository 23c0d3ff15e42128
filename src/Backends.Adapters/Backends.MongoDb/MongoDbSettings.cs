using Backends.Runtime;

namespace Backends.MongoDb;

/// <summary>Settings of one MongoDB connection, as written under <c>"mongodb"</c> in <c>backends.json</c>.</summary>
public sealed class MongoDbSettings : BackendSettings
{
    /// <summary>Servers as <c>host:port</c> (port 27017 when left out): one standalone server or replica-set members to discover from.</summary>
    [Setting(Required = true, Description = "Servers as \"host:port\": a standalone server or replica-set members.")]
    public IReadOnlyList<string> Hosts { get; set; } = [];

    /// <summary>The database that <see cref="MongoDbBackend.Database"/> and declared collections use.</summary>
    [Setting(Required = true, Description = "The database to use.")]
    public string Database { get; set; } = "";

    /// <summary>The user name; no authentication when it is left out.</summary>
    [Setting(Description = "The user name (no authentication when left out).")]
    public string? Username { get; set; }

    /// <summary>The password; write <c>${env:NAME}</c> or <c>${file:PATH}</c>, never a literal.</summary>
    [Setting(Secret = true, Description = "The password: ${env:NAME} or ${file:/run/secrets/x}.")]
    public string? Password { get; set; }

    /// <summary>The database the user is defined in. Default: <see cref="Database"/>.</summary>
    [Setting(Description = "The database the user is defined in (default: database).")]
    public string? AuthSource { get; set; }

    /// <summary>The replica set's name; when set, only members of that set are used.</summary>
    [Setting(Description = "The replica set's name.")]
    public string? ReplicaSet { get; set; }

    /// <summary>Use TLS. Default <see langword="false"/>.</summary>
    [Setting(Description = "Use TLS.")]
    public bool Tls { get; set; }

    /// <summary>How long opening one TCP connection may take. Default 10 seconds.</summary>
    [Setting(Description = "How long opening a connection may take.")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an operation waits for a suitable server (for example a primary during an election). It also bounds
    /// each start-up attempt, so a server that is down shows up in <see cref="BackendConnection{TInstance}.Errors"/>
    /// this often while start-up retries. Default 10 seconds.
    /// </summary>
    [Setting(Description = "How long an operation waits for a suitable server; also bounds each start-up attempt.")]
    public TimeSpan ServerSelectionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a socket read or write may block; <see langword="null"/> (the default) means no limit.</summary>
    [Setting(Description = "How long a socket read or write may block (default: no limit).")]
    public TimeSpan? SocketTimeout { get; set; }

    /// <summary>The application name the server logs for each connection. Default: none.</summary>
    [Setting(Description = "The application name shown in the server's logs and currentOp.")]
    public string? AppName { get; set; }

    /// <summary>The collection that holds this connection's key/value store. Default <c>"kv"</c>.</summary>
    [Setting(Description = "The collection that holds the key/value store.")]
    public string KeyValueCollection { get; set; } = "kv";

    /// <summary>
    /// The pass-through option keys whose values are secrets (<c>password</c>, <c>tlsCertificateKeyFilePassword</c> and
    /// its older name <c>sslPEMKeyPassword</c>): a literal is not compiled in, and
    /// <see cref="BackendSettings.ToString"/> shows them as <c>***</c>.
    /// </summary>
    public const string SecretOptionKeys = "password,tlsCertificateKeyFilePassword,sslPEMKeyPassword";

    /// <summary>
    /// Other connection-string options (<c>maxPoolSize</c>, <c>readPreference</c>, <c>w</c>, <c>directConnection</c>,
    /// ...), passed through as they are. The typed settings above win over the same option here.
    /// </summary>
    [Setting(SecretKeys = SecretOptionKeys, Description = "Other connection-string options (maxPoolSize, readPreference, w, ...), passed through.")]
    public IReadOnlyDictionary<string, string> Options { get; set; } = new Dictionary<string, string>();


}
