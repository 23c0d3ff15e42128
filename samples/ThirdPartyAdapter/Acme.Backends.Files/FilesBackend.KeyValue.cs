using System.Text.Json.Serialization.Metadata;
using Backends.Runtime;

namespace Acme.Backends.Files;

/// <summary>The <see cref="IKeyValueStore"/> contract over the connection's directory, one file per key.</summary>
public sealed partial class FilesBackend : IExpiringKeyValueStore
{
    /// <inheritdoc />
    public ValueTask<T?> GetAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken = default) =>
        KeyValueJson.GetAsync(this, key, type, cancellationToken);

    /// <inheritdoc />
    public ValueTask SetAsync<T>(string key, T value, JsonTypeInfo<T> type, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        KeyValueJson.SetAsync(this, key, value, type, ttl, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetBytesAsync(string key, CancellationToken cancellationToken = default) =>
        (await GetEntryAsync(key, cancellationToken).ConfigureAwait(false))?.Value;

    /// <inheritdoc />
    public async ValueTask<KeyValueEntry?> GetEntryAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyValueKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        var directory = Instance; // throws InvalidOperationException before Ready and after close, as the contract says
        try
        {
            return await directory.ReadAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            ReportError(ex, "get");
            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is zero, negative or would end after 9999-12-31.</exception>
    /// <exception cref="ArgumentException">The value is larger than <see cref="FilesSettings.MaxValueBytes"/>.</exception>
    public async ValueTask SetBytesAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        KeyValueKey.Validate(key);
        var life = KeyValueTables.TimeToLive(ttl); // the one TTL rule every store applies, checked before anything is written
        cancellationToken.ThrowIfCancellationRequested();
        var directory = Instance;
        try
        {
            await directory.WriteAsync(key, value, life, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            ReportError(ex, "set");
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyValueKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        var directory = Instance;
        try
        {
            return await directory.DeleteAsync(key).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            ReportError(ex, "delete");
            throw;
        }
    }
}
