using Microsoft.Data.Sqlite;

namespace Backends.Sqlite;

/// <summary>
/// The native client of a <see cref="SqliteBackend"/>: the connection string and, for in-memory databases, the
/// keep-alive connection that keeps the database from vanishing between uses.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private SqliteConnection? _keepAlive;

    internal SqliteDatabase(SqliteSettings settings)
    {
        var builder = new SqliteConnectionStringBuilder();
        foreach (var (key, value) in settings.Options)
        {
            builder[key] = value;
        }

        var memory = settings.Path == ":memory:" || settings.Mode == SqliteOpenMode.Memory;
        builder.DataSource = memory && settings.Path == ":memory:" ? "backends-" + Guid.NewGuid().ToString("N") : settings.Path;
        builder.Mode = memory ? SqliteOpenMode.Memory : settings.Mode;
        builder.Cache = memory ? SqliteCacheMode.Shared : settings.Cache;
        builder.DefaultTimeout = (int)Math.Ceiling(settings.BusyTimeout.TotalSeconds);
        if (settings.Password is { Length: > 0 } password)
        {
            builder.Password = password;
        }

        ConnectionString = builder.ConnectionString;
        IsInMemory = memory;
        WriteAheadLog = settings.WriteAheadLog && !memory;
    }

    /// <summary>The connection string (it may hold the encryption key: do not log it).</summary>
    public string ConnectionString { get; }

    /// <summary>Whether the database lives in memory only.</summary>
    public bool IsInMemory { get; }

    private bool WriteAheadLog { get; }

    /// <summary>Opens a connection.</summary>
    public async ValueTask<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (WriteAheadLog)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (IsInMemory)
        {
            _keepAlive = connection;
        }
        else
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_keepAlive is not null)
        {
            await _keepAlive.DisposeAsync().ConfigureAwait(false);
            _keepAlive = null;
        }

        // Release this database's pooled connections (and so its file handles), not other databases'.
        using var pooled = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(pooled);
    }
}
