namespace Backends.Runtime;

/// <summary>
/// The base of an adapter's connection handle whose settings are of type <typeparamref name="TSettings"/>: everything
/// <see cref="BackendConnection{TInstance}"/> does, plus the settings typed as they are (<see cref="Settings"/>), so that
/// the adapter needs no cast.
/// </summary>
/// <remarks>
/// Generated code calls the handle's constructor <c>(string kind, string name, SettingsFactory&lt;TSettings&gt; settings)</c>
/// with the kind of the adapter's <see cref="BackendAdapterAttribute"/>, so the handle does not repeat it.
/// </remarks>
/// <typeparam name="TInstance">The native client type.</typeparam>
/// <typeparam name="TSettings">The adapter's settings type.</typeparam>
public abstract class BackendConnection<TInstance, TSettings> : BackendConnection<TInstance>
    where TInstance : class
    where TSettings : BackendSettings
{
    /// <summary>Creates the handle; nothing connects until <see cref="BackendConnection{TInstance}.ConfigureAsync"/>.</summary>
    /// <param name="kind">The kind, <c>"mysql"</c>: generated code passes the one its adapter's attribute declares.</param>
    /// <param name="name">The connection's name within its kind, <c>"demo"</c>.</param>
    /// <param name="settings">Creates the resolved settings on first use.</param>
    protected BackendConnection(string kind, string name, SettingsFactory<TSettings> settings)
        : base(kind, name, (settings ?? throw new ArgumentNullException(nameof(settings))).Create)
    {
    }

    /// <summary>The resolved settings (the same object as <see cref="BackendConnection{TInstance}.Config"/>), created on first use.</summary>
    /// <exception cref="BackendConfigurationException">A run-time override or secret reference cannot be read.</exception>
    public TSettings Settings => (TSettings)Config;
}
