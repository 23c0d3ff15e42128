using Backends.Runtime;
using Microsoft.Data.Sqlite;

namespace Backends.Sqlite;

/// <summary>
/// An embedded SQLite database. <see cref="BackendConnection{TInstance}.Instance"/> is a <see cref="SqliteDatabase"/>
/// that opens pooled <see cref="SqliteConnection"/>s; Dapper works on them.
/// </summary>
public sealed partial class SqliteBackend : BackendConnection<SqliteDatabase, SqliteSettings>
{
    /// <summary>The kind this adapter serves, as its <see cref="BackendAdapterAttribute"/> declares it.</summary>
    internal const string KindName = "sqlite";

    /// <summary>Creates the handle; generated code calls this with the kind of the adapter's attribute.</summary>
    /// <param name="kind">The kind, <c>"sqlite"</c>.</param>
    /// <param name="name">The connection's name within its kind, for example <c>"local"</c>.</param>
    /// <param name="settings">Creates the resolved settings when start-up first needs them.</param>
    public SqliteBackend(string kind, string name, SettingsFactory<SqliteSettings> settings)
        : base(kind, name, settings)
    {
    }

    /// <summary>Creates a <c>"sqlite"</c> handle over a settings factory (for hand-written code and tests).</summary>
    /// <param name="name">The connection's name within <c>"sqlite"</c>.</param>
    /// <param name="settings">Creates the resolved settings when start-up first needs them.</param>
    public SqliteBackend(string name, SettingsFactory<SqliteSettings> settings)
        : this(KindName, name, settings)
    {
    }

    /// <summary>Creates a handle over fixed settings (for hand-written code and tests).</summary>
    /// <param name="name">The connection's name within <c>"sqlite"</c>, for example <c>"local"</c>.</param>
    /// <param name="settings">The settings, used as they are: no overlay, override or secret reference is applied.</param>
    public SqliteBackend(string name, SqliteSettings settings)
        : this(KindName, name, SettingsFactory.FromValue(settings))
    {
    }

    /// <summary>
    /// Opens a pooled connection; dispose it to return it to the pool. Dapper works on it. A failure to open is also
    /// recorded in <see cref="BackendConnection{TInstance}.Errors"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection is not ready yet.</exception>
    /// <exception cref="SqliteException">The database file could not be opened.</exception>
    public async ValueTask<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var database = Instance;
        try
        {
            return await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            ReportError(ex, "open");
            throw;
        }
    }

    /// <inheritdoc />
    protected override async ValueTask<SqliteDatabase> CreateInstanceAsync(CancellationToken cancellationToken)
    {
        var database = new SqliteDatabase(Settings, Name);
        try
        {
            await database.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return database;
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
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
