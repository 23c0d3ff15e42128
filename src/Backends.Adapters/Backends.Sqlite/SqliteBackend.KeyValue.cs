using System.Text.Json.Serialization.Metadata;
using Backends.Runtime;
using Microsoft.Data.Sqlite;

namespace Backends.Sqlite;

/// <summary>
/// The <see cref="IKeyValueStore"/> contract over one table of the database (<see cref="SqliteSettings.KeyValueTable"/>,
/// created on first use): the key's UTF-8 bytes as primary key, the value as a blob, and an expiry in Unix
/// milliseconds.
/// </summary>
public sealed partial class SqliteBackend : IExpiringKeyValueStore
{
    private string? _keyValueTable;
    private SqliteDatabase? _keyValueTableReadyFor;

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
        var id = KeyValueKey.Encode(key);
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await OpenKeyValueConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT v, expires_at - $now FROM \"{_keyValueTable}\" WHERE k = $k AND (expires_at IS NULL OR expires_at > $now)";
        command.Parameters.AddWithValue("$k", id);
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var value = reader.GetValue(0) switch
        {
            byte[] bytes => bytes,

            // SQLite hands back a zero-length blob as an empty string.
            string { Length: 0 } => [],
            var other => throw new InvalidCastException($"{Name}: {_keyValueTable}.v holds a {other.GetType().Name}, not a blob."),
        };
        return new KeyValueEntry(value, reader.IsDBNull(1) ? null : TimeSpan.FromMilliseconds(Math.Max(1, reader.GetInt64(1))));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is zero, negative or would end after 9999-12-31.</exception>
    public async ValueTask SetBytesAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        var id = KeyValueKey.Encode(key);
        var expiresAt = ExpiresAt(ttl);
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await OpenKeyValueConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"INSERT INTO \"{_keyValueTable}\" (k, v, expires_at) VALUES ($k, $v, $expires) " +
            "ON CONFLICT (k) DO UPDATE SET v = excluded.v, expires_at = excluded.expires_at";
        command.Parameters.AddWithValue("$k", id);
        command.Parameters.Add("$v", SqliteType.Blob).Value = value.ToArray();
        command.Parameters.AddWithValue("$expires", expiresAt is { } at ? at : DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var id = KeyValueKey.Encode(key);
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await OpenKeyValueConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();

        // One statement removes the row whether it is live or expired, and reports whether it was live.
        command.CommandText = $"DELETE FROM \"{_keyValueTable}\" WHERE k = $k RETURNING expires_at IS NULL OR expires_at > $now";
        command.Parameters.AddWithValue("$k", id);
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long live && live != 0;
    }

    private async ValueTask<SqliteConnection> OpenKeyValueConnectionAsync(CancellationToken cancellationToken)
    {
        var database = Instance;
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (ReferenceEquals(Volatile.Read(ref _keyValueTableReadyFor), database))
        {
            return connection;
        }

        try
        {
            var table = KeyValueTables.ValidateName(Settings.KeyValueTable, Name);
            await using var command = connection.CreateCommand();

            // Idempotent, so concurrent first uses may all run it; expired rows nobody rewrote are swept once per start.
            command.CommandText =
                $"CREATE TABLE IF NOT EXISTS \"{table}\" (k BLOB NOT NULL PRIMARY KEY, v BLOB NOT NULL, expires_at INTEGER NULL) WITHOUT ROWID; " +
                $"DELETE FROM \"{table}\" WHERE expires_at <= $now;";
            command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _keyValueTable = table;
            Volatile.Write(ref _keyValueTableReadyFor, database);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static long? ExpiresAt(TimeSpan? ttl) =>
        KeyValueTables.TimeToLive(ttl) is { } life
            ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + Math.Max(1, (long)Math.Ceiling(life.TotalMilliseconds))
            : null;
}
