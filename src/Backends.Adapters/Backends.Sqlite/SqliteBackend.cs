using Backends.Runtime;
using Microsoft.Data.Sqlite;

namespace Backends.Sqlite;

/// <summary>
/// An embedded SQLite database. <see cref="BackendConnection{TInstance}.Instance"/> is a <see cref="SqliteDatabase"/>
/// that opens pooled <see cref="SqliteConnection"/>s; Dapper works on them.
/// </summary>
public sealed partial class SqliteBackend : BackendConnection<SqliteDatabase>
{
    /// <summary>Creates the handle; generated code calls this.</summary>
    public SqliteBackend(string name, SettingsFactory<SqliteSettings> settings)
        : base("sqlite", name, settings.Create)
    {
    }

    /// <summary>Creates a handle over fixed settings (for hand-written code and tests).</summary>
    public SqliteBackend(string name, SqliteSettings settings)
        : this(name, SettingsFactory.FromValue(settings))
    {
    }

    /// <summary>The resolved settings.</summary>
    public SqliteSettings Settings => (SqliteSettings)Config;

    /// <summary>Opens a connection; dispose it to return it to the pool.</summary>
    public ValueTask<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        Instance.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    protected override async ValueTask<SqliteDatabase> CreateInstanceAsync(CancellationToken cancellationToken)
    {
        var database = new SqliteDatabase(Settings);
        await database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return database;
    }

    /// <inheritdoc />
    protected override async ValueTask PingInstanceAsync(SqliteDatabase instance, CancellationToken cancellationToken)
    {
        await using var connection = await instance.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override bool IsTransient(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 }; // SQLITE_BUSY, SQLITE_LOCKED: another process holds the file
}
