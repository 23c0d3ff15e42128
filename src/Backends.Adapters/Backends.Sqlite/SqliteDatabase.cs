using Backends.Runtime;
using Microsoft.Data.Sqlite;

namespace Backends.Sqlite;

/// <summary>
/// The native client of a <see cref="SqliteBackend"/>: the connection string and, for in-memory databases, the
/// keep-alive connection that keeps the database from vanishing between uses.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly string? _createDirectory;
    private SqliteConnection? _keepAlive;

    // Connection-string options with a typed setting of their own (canonical Microsoft.Data.Sqlite names), mapped to
    // the backends.json key to write instead: a pass-through option may not set them.
    private static readonly Dictionary<string, string> s_typed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Data Source"] = "path",
        ["Mode"] = "mode",
        ["Cache"] = "cache",
        ["Password"] = "password",
        ["Default Timeout"] = "busyTimeout",
    };

    internal SqliteDatabase(SqliteSettings settings, string name)
    {
        if (string.IsNullOrWhiteSpace(settings.Path))
        {
            throw new BackendConfigurationException($"{name}: no database file given: write \"path\": \"app.db\" (or \":memory:\").");
        }

        var memory = settings.Path == ":memory:" || settings.Mode == SqliteOpenMode.Memory;
        var builder = new SqliteConnectionStringBuilder
        {
            // Every handle over ":memory:" gets a database of its own, shared by its pooled connections.
            DataSource = settings.Path == ":memory:" ? "backends-" + Guid.NewGuid().ToString("N") : settings.Path,
            Mode = memory ? SqliteOpenMode.Memory : settings.Mode,
            Cache = memory ? SqliteCacheMode.Shared : settings.Cache,

            // Microsoft.Data.Sqlite retries a busy database for up to the command timeout; 0 waits without limit.
            DefaultTimeout = settings.BusyTimeout == Timeout.InfiniteTimeSpan
                ? 0
                : (int)Math.Clamp(Math.Ceiling(settings.BusyTimeout.TotalSeconds), 0, int.MaxValue),
        };
        if (settings.Password is { Length: > 0 } password)
        {
            builder.Password = password;
        }

        foreach (var (key, value) in settings.Options ?? new Dictionary<string, string>())
        {
            SetOption(builder, key, value, name);
        }

        ConnectionString = builder.ConnectionString;
        IsInMemory = memory;
        WriteAheadLog = settings.WriteAheadLog && !memory && builder.Mode != SqliteOpenMode.ReadOnly;
        if (!memory && builder.Mode == SqliteOpenMode.ReadWriteCreate &&
            System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(settings.Path)) is { Length: > 0 } directory)
        {
            _createDirectory = directory;
        }
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
        if (_createDirectory is { } directory)
        {
            // SQLite creates the file but not the folder it lives in.
            Directory.CreateDirectory(directory);
        }

        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (WriteAheadLog)
            {
                // journal_mode is stored in the file, so setting it once makes every later connection use WAL.
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode=WAL;";
                var mode = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException(
                        $"SQLite kept journal mode '{mode}' instead of WAL; set \"writeAheadLog\": false for this file system or database.");
                }
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
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

    private static void SetOption(SqliteConnectionStringBuilder builder, string key, string value, string name)
    {
        var probe = new SqliteConnectionStringBuilder();
        try
        {
            probe[key] = value;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // The driver's message may quote the value, which may be a secret: only the key and the kind of error are shown.
            throw new BackendConfigurationException(
                $"{name}: options.{key} is not a Microsoft.Data.Sqlite connection-string option, or its value is not valid for it ({ex.GetType().Name}).");
        }

        foreach (string canonical in probe.Keys)
        {
            if (probe.ShouldSerialize(canonical))
            {
                if (s_typed.TryGetValue(canonical, out var typedKey))
                {
                    throw new BackendConfigurationException(
                        $"{name}: options.{key} sets \"{canonical}\", which has its own setting: write \"{typedKey}\" instead.");
                }

                builder[canonical] = probe[canonical];
            }
        }
    }
}
