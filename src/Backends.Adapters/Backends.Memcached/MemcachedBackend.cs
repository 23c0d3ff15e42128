using Backends.Runtime;

namespace Backends.Memcached;

/// <summary>
/// A memcached connection (a pool of servers): <see cref="BackendConnection{TInstance}.Instance"/> is a
/// <see cref="MemcachedClient"/>, and the handle itself is an <see cref="IKeyValueStore"/>.
/// </summary>
public sealed partial class MemcachedBackend : BackendConnection<MemcachedClient, MemcachedSettings>
{
    /// <summary>The kind this adapter serves, as its <see cref="BackendAdapterAttribute"/> declares it.</summary>
    internal const string KindName = "memcached";

    /// <summary>Creates the handle; generated code calls this with the kind of the adapter's attribute.</summary>
    /// <param name="kind">The kind, <c>"memcached"</c>.</param>
    /// <param name="name">The connection's name within its kind, for example <c>"sessions"</c>.</param>
    /// <param name="settings">Creates the resolved settings when start-up first needs them.</param>
    public MemcachedBackend(string kind, string name, SettingsFactory<MemcachedSettings> settings)
        : base(kind, name, settings)
    {
    }

    /// <summary>Creates a <c>"memcached"</c> handle over a settings factory (for hand-written code and tests).</summary>
    /// <param name="name">The connection's name within <c>"memcached"</c>.</param>
    /// <param name="settings">Creates the resolved settings when start-up first needs them.</param>
    public MemcachedBackend(string name, SettingsFactory<MemcachedSettings> settings)
        : this(KindName, name, settings)
    {
    }

    /// <summary>Creates a handle over fixed settings (for hand-written code and tests).</summary>
    /// <param name="name">The connection's name within <c>"memcached"</c>, for example <c>"sessions"</c>.</param>
    /// <param name="settings">The settings, used as they are: no overlay, override or secret reference is applied.</param>
    public MemcachedBackend(string name, MemcachedSettings settings)
        : this(KindName, name, SettingsFactory.FromValue(settings))
    {
    }

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
