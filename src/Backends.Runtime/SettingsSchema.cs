using System.Collections.Concurrent;

namespace Backends.Runtime;

/// <summary>
/// What a settings type's <c>[Setting]</c> attributes say about its values at run time: how
/// <see cref="BackendSettings.ToString"/> describes them (secrets as <c>***</c>) and which of them are secrets, for
/// <see cref="BackendSettings.GetSecrets"/> and the <see cref="Redactor"/>. The generator writes one per adapter
/// settings type it sees and registers it from a module initializer; nothing is read by reflection.
/// </summary>
public abstract class SettingsSchema
{
    private static readonly ConcurrentDictionary<Type, SettingsSchema> s_schemas = new();

    private protected SettingsSchema()
    {
    }

    /// <summary>The settings type this schema describes.</summary>
    public abstract Type SettingsType { get; }

    /// <summary>
    /// Registers <paramref name="schema"/> for its settings type (generated module initializers call this). The first
    /// registration of a type wins: the adapter's own assembly and every application that uses it write the same one.
    /// </summary>
    public static void Register(SettingsSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        s_schemas.TryAdd(schema.SettingsType, schema);
    }

    /// <summary>The schema registered for <paramref name="settingsType"/>, if any.</summary>
    public static SettingsSchema? For(Type settingsType)
    {
        ArgumentNullException.ThrowIfNull(settingsType);
        return s_schemas.TryGetValue(settingsType, out var schema) ? schema : null;
    }

    internal abstract void DescribeValues(BackendSettings settings, SettingsText text);

    internal abstract void CollectSecrets(BackendSettings settings, List<string> secrets);
}

/// <summary>The schema of the settings type <typeparamref name="TSettings"/>; generated code derives from it.</summary>
/// <typeparam name="TSettings">The settings type.</typeparam>
public abstract class SettingsSchema<TSettings> : SettingsSchema
    where TSettings : BackendSettings
{
    /// <inheritdoc />
    public sealed override Type SettingsType => typeof(TSettings);

    /// <summary>Adds every setting of <paramref name="settings"/> to <paramref name="text"/>, secrets with <see cref="SettingsText.AddSecret"/>.</summary>
    protected abstract void Describe(TSettings settings, SettingsText text);

    /// <summary>Adds the secret values of <paramref name="settings"/> (set ones only) to <paramref name="secrets"/>.</summary>
    protected abstract void AddSecrets(TSettings settings, ICollection<string> secrets);

    /// <summary>Adds <paramref name="value"/> to <paramref name="secrets"/> when it is set.</summary>
    protected static void AddSecret(ICollection<string> secrets, string? value)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (!string.IsNullOrEmpty(value))
        {
            secrets.Add(value);
        }
    }

    /// <summary>Adds every set item of <paramref name="values"/> to <paramref name="secrets"/>.</summary>
    protected static void AddSecretValues(ICollection<string> secrets, IEnumerable<string?>? values)
    {
        foreach (var value in values ?? [])
        {
            AddSecret(secrets, value);
        }
    }

    /// <summary>Adds the values of <paramref name="options"/> whose keys are secrets (see <see cref="SecretKeys.IsSecret"/>).</summary>
    protected static void AddOptionSecrets(ICollection<string> secrets, IEnumerable<KeyValuePair<string, string>>? options, string? secretKeys) =>
        AddSecretValues(secrets, SecretKeys.Values(options, secretKeys));

    internal sealed override void DescribeValues(BackendSettings settings, SettingsText text) => Describe((TSettings)settings, text);

    internal sealed override void CollectSecrets(BackendSettings settings, List<string> secrets) => AddSecrets((TSettings)settings, secrets);
}
