using System.Security.Cryptography;
using Backends.Runtime;

namespace Acme.Backends.Files;

/// <summary>
/// A store kept in a directory. <see cref="BackendConnection{TInstance}.Instance"/> is the <see cref="FileStoreDirectory"/>
/// the entries live in; the handle is an <see cref="IExpiringKeyValueStore"/> over it.
/// </summary>
public sealed partial class FilesBackend : BackendConnection<FileStoreDirectory, FilesSettings>
{
    /// <summary>The kind this adapter serves, as its <see cref="BackendAdapterAttribute"/> declares it.</summary>
    public const string KindName = "files";

    /// <summary>Creates the handle; generated code calls this with the kind of the adapter's attribute.</summary>
    /// <param name="kind">The kind, <c>"files"</c>.</param>
    /// <param name="name">The connection's name within its kind, for example <c>"notes"</c>.</param>
    /// <param name="settings">Creates the resolved settings when start-up first needs them.</param>
    public FilesBackend(string kind, string name, SettingsFactory<FilesSettings> settings)
        : base(kind, name, settings)
    {
    }

    /// <summary>Creates a handle over fixed settings (for hand-written code and tests).</summary>
    /// <param name="name">The connection's name within <c>"files"</c>.</param>
    /// <param name="settings">The settings, used as they are: no overlay, override or secret reference is applied.</param>
    public FilesBackend(string name, FilesSettings settings)
        : this(KindName, name, SettingsFactory.FromValue(settings))
    {
    }

    /// <inheritdoc />
    protected override ValueTask<FileStoreDirectory> CreateInstanceAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var settings = Settings;
        if (string.IsNullOrWhiteSpace(settings.Directory))
        {
            throw new BackendConfigurationException($"{Name}: directory is empty: write the directory that holds the entries.");
        }

        var path = Path.GetFullPath(settings.Directory);
        if (settings.CreateDirectory)
        {
            System.IO.Directory.CreateDirectory(path);
        }
        else if (!System.IO.Directory.Exists(path))
        {
            // Transient: the volume may not be mounted yet, so start-up retries until startupTimeout.
            throw new DirectoryNotFoundException($"{Name}: the directory {path} does not exist (createDirectory is false).");
        }

        return ValueTask.FromResult(new FileStoreDirectory(path, ParseKey(settings.EncryptionKey), settings.MaxValueBytes));
    }

    /// <inheritdoc />
    protected override ValueTask PingInstanceAsync(FileStoreDirectory instance, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        instance.Probe();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    protected override ValueTask DisposeInstanceAsync(FileStoreDirectory instance)
    {
        instance.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A bad setting or a directory the process may not write are permanent (waiting cannot fix them, so start-up fails
    /// at once); any other I/O error, such as a directory that is not there yet, is retried.
    /// </remarks>
    protected override bool IsTransient(Exception exception) =>
        exception is IOException && exception is not PathTooLongException;

    // The message names the setting, never the value: the key is a secret.
    private byte[]? ParseKey(string? encryptionKey)
    {
        if (string.IsNullOrEmpty(encryptionKey))
        {
            return null;
        }

        var key = new byte[encryptionKey.Length];
        if (!Convert.TryFromBase64String(encryptionKey, key, out var length) || length is not (16 or 24 or 32))
        {
            throw new BackendConfigurationException(
                $"{Name}: encryptionKey is not a base64 AES key of 16, 24 or 32 bytes: write one, for example `openssl rand -base64 32`.");
        }

        var result = key.AsSpan(0, length).ToArray();
        CryptographicOperations.ZeroMemory(key);
        return result;
    }
}
