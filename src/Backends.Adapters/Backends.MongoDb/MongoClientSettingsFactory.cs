using System.Text;
using Backends.Runtime;
using MongoDB.Driver;

namespace Backends.MongoDb;

/// <summary>
/// Builds <see cref="MongoClientSettings"/> from <see cref="MongoDbSettings"/> with plain property assignments.
/// Only the pass-through <see cref="MongoDbSettings.Options"/> go through the driver's connection-string parser, and
/// that string never holds the user name or password. It may hold a secret option (<c>tlsCertificateKeyFilePassword</c>),
/// so a parse error names the option's key and never passes the driver's message, which quotes the string, on.
/// </summary>
internal static class MongoClientSettingsFactory
{
    // Options whose meaning the typed settings own; leaving them in the parsed string would need credentials in it.
    private static readonly HashSet<string> s_authOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "authMechanism", "authSource", "authMechanismProperties",
    };

    public static MongoClientSettings Create(MongoDbSettings settings, string connection)
    {
        if (settings.Hosts.Count == 0)
        {
            throw new BackendConfigurationException(
                $"{connection}: no server given: write \"hosts\": [\"127.0.0.1:27017\"] (replica-set members as \"host:port\").");
        }

        if (string.IsNullOrWhiteSpace(settings.Database))
        {
            throw new BackendConfigurationException($"{connection}: no database given: write \"database\": \"name\".");
        }

        var servers = new List<MongoServerAddress>(settings.Hosts.Count);
        foreach (var host in settings.Hosts)
        {
            if (!MongoServerAddress.TryParse(host, out var address))
            {
                throw new BackendConfigurationException(
                    $"{connection}: hosts entry \"{host}\" is not valid: write \"host:port\", for example \"127.0.0.1:27017\".");
            }

            servers.Add(address);
        }

        var client = OptionsOnly(settings.Options, connection, out var mechanism);
        client.Servers = servers;
        client.ReplicaSetName = string.IsNullOrEmpty(settings.ReplicaSet) ? client.ReplicaSetName : settings.ReplicaSet;
        client.UseTls = settings.Tls || client.UseTls;
        // backends.json accepts "infinite" for every duration; the driver rejects negative timeouts, so "infinite"
        // becomes its own "no limit" (zero for sockets) or the longest timer (about 24.8 days) for server selection.
        client.ConnectTimeout = settings.ConnectTimeout;
        client.ServerSelectionTimeout = settings.ServerSelectionTimeout == Timeout.InfiniteTimeSpan || settings.ServerSelectionTimeout > TimeSpan.FromMilliseconds(int.MaxValue)
            ? TimeSpan.FromMilliseconds(int.MaxValue)
            : settings.ServerSelectionTimeout;
        client.SocketTimeout = settings.SocketTimeout is { } socket && socket != Timeout.InfiniteTimeSpan ? socket : TimeSpan.Zero; // zero = no limit for the driver
        client.ApplicationName = settings.AppName ?? client.ApplicationName;
        if (settings.Username is { Length: > 0 } username)
        {
            client.Credential = Credential(mechanism, settings.AuthSource ?? settings.Database, username, settings.Password, connection);
        }

        return client;
    }

    private static MongoClientSettings OptionsOnly(IReadOnlyDictionary<string, string> options, string connection, out string? mechanism)
    {
        mechanism = null;
        if (options.Count == 0)
        {
            return new MongoClientSettings();
        }

        // The host list is a placeholder: the parsed settings get the real servers afterwards.
        var url = new StringBuilder("mongodb://localhost/");
        var separator = '?';
        foreach (var (key, value) in options)
        {
            if (string.Equals(key, "authMechanism", StringComparison.OrdinalIgnoreCase))
            {
                mechanism = value;
                continue;
            }

            if (s_authOptions.Contains(key))
            {
                throw new BackendConfigurationException(
                    $"{connection}: option \"{key}\" is not passed through: write \"authSource\" as a setting of its own (authMechanismProperties are not supported).");
            }

            url.Append(separator).Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        if (TryParse(url.ToString(), out var parsed, out var error))
        {
            return parsed;
        }

        // The driver's message quotes the connection string, values (and so secrets) included: it is not passed on.
        // Each option alone finds the one to blame, named by its key.
        var culprit = options.Keys.FirstOrDefault(key =>
            !s_authOptions.Contains(key) && !string.Equals(key, "authMechanism", StringComparison.OrdinalIgnoreCase) &&
            !TryParse("mongodb://localhost/?" + Uri.EscapeDataString(key) + "=" + Uri.EscapeDataString(options[key]), out _, out _));
        throw new BackendConfigurationException(culprit is null
            ? $"{connection}: \"options\" are not valid connection-string options together ({error}): see https://www.mongodb.com/docs/manual/reference/connection-string-options/."
            : $"{connection}: options.{culprit} is not a MongoDB connection-string option, or its value is not valid for it ({error}): see https://www.mongodb.com/docs/manual/reference/connection-string-options/.");
    }

    private static bool TryParse(string url, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MongoClientSettings? settings, out string? error)
    {
        try
        {
            settings = MongoClientSettings.FromUrl(new MongoUrl(url));
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is MongoConfigurationException or ArgumentException or FormatException)
        {
            settings = null;
            error = ex.GetType().Name;
            return false;
        }
    }

    private static MongoCredential Credential(string? mechanism, string source, string username, string? password, string connection)
    {
        switch (mechanism?.ToUpperInvariant())
        {
            case null or "" or "DEFAULT":
                return MongoCredential.CreateCredential(source, username, password ?? "");
            case "SCRAM-SHA-1" or "SCRAM-SHA-256":
                return new MongoCredential(mechanism.ToUpperInvariant(), new MongoInternalIdentity(source, username), new PasswordEvidence(password ?? ""));
            case "PLAIN":
                return MongoCredential.CreatePlainCredential(source, username, password ?? "");
            case "MONGODB-X509":
                return MongoCredential.CreateMongoX509Credential(username);
            default:
                throw new BackendConfigurationException(
                    $"{connection}: authMechanism \"{mechanism}\" is not supported here: use SCRAM-SHA-256, SCRAM-SHA-1, PLAIN or MONGODB-X509.");
        }
    }
}
