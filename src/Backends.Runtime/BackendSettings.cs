namespace Backends.Runtime;

/// <summary>
/// The base of every adapter's settings class: the start-up and retry settings every connection shares.
/// Generated code creates settings with plain property assignments; nothing here uses reflection.
/// </summary>
public abstract class BackendSettings
{
    /// <summary>
    /// How long start-up keeps retrying a server that is down before the connection is <see cref="ConnectionState.Faulted"/>.
    /// <see cref="Timeout.InfiniteTimeSpan"/> retries for ever. Default 30 seconds.
    /// </summary>
    [Setting(Description = "How long start-up retries a server that is down (\"30s\", \"5m\", or seconds as a number).")]
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first delay between start-up attempts; it doubles up to <see cref="MaxRetryDelay"/>. Default 200 ms.</summary>
    [Setting(Description = "First delay between start-up attempts; doubles up to maxRetryDelay.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between start-up attempts. Default 5 seconds.</summary>
    [Setting(Description = "Longest delay between start-up attempts.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one start-up attempt (connect and ping) or one <see cref="IBackendConnection.PingAsync"/> may take before it
    /// is cancelled, and abandoned if the driver does not stop. Never longer than what is left of <see cref="StartupTimeout"/>.
    /// <see cref="Timeout.InfiniteTimeSpan"/> leaves only the start-up deadline (and the caller's token). Default 30 seconds.
    /// </summary>
    [Setting(Description = "How long one start-up attempt or ping may take before it is cancelled (and abandoned if the driver does not stop).")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The application starts without this connection: start-up does not wait for it, and it keeps retrying in the
    /// background (backing off up to <see cref="MaxRetryDelay"/>, with no start-up deadline) until it is up; its
    /// <see cref="IBackendConnection.Ready"/> completes then. Default <see langword="false"/>: start-up waits for it.
    /// </summary>
    [Setting(Description = "Start without this connection and keep retrying it in the background until it is up.")]
    public bool Optional { get; set; }

    /// <summary>
    /// The secret values of these settings (passwords, tokens) so that messages can be redacted: the values of the
    /// properties marked <c>[Setting(Secret = true)]</c> and of secret option keys, read through the settings type's
    /// generated <see cref="SettingsSchema"/>.
    /// </summary>
    public virtual IEnumerable<string> GetSecrets()
    {
        if (SettingsSchema.For(GetType()) is not { } schema)
        {
            return [];
        }

        var secrets = new List<string>();
        schema.CollectSecrets(this, secrets);
        return secrets;
    }

    /// <summary>
    /// Writes the settings as <c>Type { key = value, ... }</c> with every secret shown as <c>***</c>: every
    /// <c>[Setting]</c>, through the settings type's generated <see cref="SettingsSchema"/>.
    /// </summary>
    public sealed override string ToString()
    {
        var text = new SettingsText(GetType().Name);
        if (SettingsSchema.For(GetType()) is { } schema)
        {
            schema.DescribeValues(this, text);
            return text.ToString();
        }

        // No generated schema (an adapter built without the generator, used outside a generated application): only
        // what an override of Describe adds, and the shared start-up settings.
        Describe(text);
        text.Add("startupTimeout", StartupTimeout);
        if (Optional)
        {
            text.Add("optional", true);
        }

        return text.ToString();
    }

    /// <summary>
    /// Adds values to <paramref name="text"/> for a settings type that has no generated <see cref="SettingsSchema"/>;
    /// use <see cref="SettingsText.AddSecret"/> for secrets. Not needed when the generator sees the type.
    /// </summary>
    protected virtual void Describe(SettingsText text)
    {
    }
}
