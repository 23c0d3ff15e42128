namespace Backends.Runtime;

/// <summary>
/// Creates a connection's settings when they are first needed, from the values compiled out of
/// <c>backends.json</c> plus the run-time context (environment overlay, overrides, secret references).
/// </summary>
/// <typeparam name="TSettings">The adapter's settings type.</typeparam>
public sealed class SettingsFactory<TSettings>
    where TSettings : BackendSettings
{
    private readonly Func<BackendSettingsContext, TSettings> _create;

    /// <summary>Creates a factory that runs <paramref name="create"/> against <paramref name="context"/>.</summary>
    public SettingsFactory(BackendSettingsContext context, Func<BackendSettingsContext, TSettings> create)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
        _create = create ?? throw new ArgumentNullException(nameof(create));
    }

    /// <summary>The context the settings are read from.</summary>
    public BackendSettingsContext Context { get; }

    /// <summary>Creates the settings; freezes the context, so later overrides cannot be silently lost.</summary>
    public TSettings Create()
    {
        Context.Freeze();
        return _create(Context);
    }
}

/// <summary>Creates <see cref="SettingsFactory{TSettings}"/> instances for hand-written code and tests.</summary>
public static class SettingsFactory
{
    /// <summary>A factory that always returns <paramref name="settings"/>, with no overlay or override applied.</summary>
    public static SettingsFactory<TSettings> FromValue<TSettings>(TSettings settings)
        where TSettings : BackendSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new SettingsFactory<TSettings>(new BackendSettingsContext("Production", EmptyValueSource.Instance), _ => settings);
    }
}
