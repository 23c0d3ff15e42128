using Backends.Runtime;

namespace Backends.Memcached;

/// <summary>
/// A memcached connection (a pool of servers): <see cref="BackendConnection{TInstance}.Instance"/> is a
/// <see cref="MemcachedClient"/>, and the handle itself is an <see cref="IKeyValueStore"/>.
/// </summary>
public sealed partial class MemcachedBackend : BackendConnection<MemcachedClient>
{
    /// <summary>Creates the handle; generated code calls this.</summary>
    public MemcachedBackend(string name, SettingsFactory<MemcachedSettings> settings)
        : base("memcached", name, (settings ?? throw new ArgumentNullException(nameof(settings))).Create)
    {
    }

    /// <summary>Creates a handle over fixed settings (for hand-written code and tests).</summary>
    public MemcachedBackend(string name, MemcachedSettings settings)
        : this(name, SettingsFactory.FromValue(settings))
    {
    }

    /// <summary>The resolved settings.</summary>
    public MemcachedSettings Settings => (MemcachedSettings)Config;

    /// <inheritdoc />
    protected override ValueTask<MemcachedClient> CreateInstanceAsync(CancellationToken cancellationToken)
    {
        MemcachedClient client;
        try
        {
            client = new MemcachedClient(Settings.ToClientOptions());
        }
        catch (ArgumentException ex)
        {
            throw new BackendConfigurationException($"{Name}: {ex.Message}", ex);
        }

        client.ServerError += (_, e) => ReportError(e.Exception is MemcachedException ? e.Exception : new MemcachedServerUnavailableException(e.Message, e.Exception) { Server = e.Server.ToString() }, "server");
        return ValueTask.FromResult(client);
    }

    /// <inheritdoc />
    protected override async ValueTask PingInstanceAsync(MemcachedClient instance, CancellationToken cancellationToken) =>
        await instance.PingAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override bool IsTransient(Exception exception) => exception switch
    {
        ArgumentException or BackendConfigurationException or MemcachedProtocolException => false,
        _ => true,
    };
}
