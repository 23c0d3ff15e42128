using System.Text.Json.Serialization.Metadata;
using Backends.Runtime;
using MySqlConnector;

namespace Backends.MySql;

/// <summary>
/// The <see cref="IKeyValueStore"/> contract over one table of the connection's database (<see cref="MySqlSettings.KeyValueTable"/>,
/// created on first use): the key's UTF-8 bytes as primary key, the value as a blob, and an expiry in the server's
/// UTC clock, so that every application server agrees on when a value expires.
/// </summary>
public sealed partial class MySqlBackend : IExpiringKeyValueStore
{
    private const int MaxDeadlockRetries = 5;

    private string? _keyValueTable;
    private MySqlDataSource? _keyValueTableReadyFor;

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
        command.CommandText =
            $"SELECT v, TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(6), expires_at) FROM `{_keyValueTable}` " +
            "WHERE k = @k AND (expires_at IS NULL OR expires_at > UTC_TIMESTAMP(6))";
        command.Parameters.AddWithValue("@k", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var value = (byte[])reader.GetValue(0);
        return new KeyValueEntry(value, reader.IsDBNull(1) ? null : TimeSpan.FromMicroseconds(Math.Max(1, reader.GetInt64(1))));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is zero, negative or would end after 9999-12-31.</exception>
    public async ValueTask SetBytesAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        var id = KeyValueKey.Encode(key);
        var lifeMicroseconds = LifeMicroseconds(ttl);
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await OpenKeyValueConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"INSERT INTO `{_keyValueTable}` (k, v, expires_at) VALUES (@k, @v, IF(@life IS NULL, NULL, TIMESTAMPADD(MICROSECOND, @life, UTC_TIMESTAMP(6)))) " +
            "ON DUPLICATE KEY UPDATE v = VALUES(v), expires_at = VALUES(expires_at)";
        command.Parameters.AddWithValue("@k", id);
        command.Parameters.AddWithValue("@v", value);
        command.Parameters.AddWithValue("@life", lifeMicroseconds is { } life ? life : DBNull.Value);

        // Concurrent upserts of a key that does not exist yet can deadlock in InnoDB; the loser is safe to repeat.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (MySqlException ex) when (ex.ErrorCode is MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout && attempt < MaxDeadlockRetries)
            {
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var id = KeyValueKey.Encode(key);
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await OpenKeyValueConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM `{_keyValueTable}` WHERE k = @k AND (expires_at IS NULL OR expires_at > UTC_TIMESTAMP(6))";
        command.Parameters.AddWithValue("@k", id);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            return true;
        }

        // Nothing live was there; drop an expired leftover too, so the table does not keep it. Only an expired row:
        // a concurrent writer may have stored a fresh value since the statement above, and this delete saw nothing.
        command.CommandText = $"DELETE FROM `{_keyValueTable}` WHERE k = @k AND expires_at <= UTC_TIMESTAMP(6)";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return false;
    }

    private async ValueTask<MySqlConnection> OpenKeyValueConnectionAsync(CancellationToken cancellationToken)
    {
        var dataSource = Instance;
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (ReferenceEquals(Volatile.Read(ref _keyValueTableReadyFor), dataSource))
        {
            return connection;
        }

        try
        {
            var table = KeyValueTables.ValidateName(Settings.KeyValueTable, Name);
            await using var command = connection.CreateCommand();

            // Idempotent, so concurrent first uses may all run it. Expired rows that nobody rewrote are swept here,
            // once per start, in bounded batches.
            command.CommandText =
                $"CREATE TABLE IF NOT EXISTS `{table}` (" +
                "k VARBINARY(250) NOT NULL PRIMARY KEY, v LONGBLOB NOT NULL, expires_at DATETIME(6) NULL, INDEX (expires_at)) ENGINE=InnoDB; " +
                $"DELETE FROM `{table}` WHERE expires_at <= UTC_TIMESTAMP(6) LIMIT 10000";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _keyValueTable = table;
            Volatile.Write(ref _keyValueTableReadyFor, dataSource);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static long? LifeMicroseconds(TimeSpan? ttl) =>
        KeyValueTables.TimeToLive(ttl) is { } life ? Math.Max(1, life.Ticks / TimeSpan.TicksPerMicrosecond) : null;
}
