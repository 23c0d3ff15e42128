using Backends.Runtime;
using MySqlConnector;

namespace Backends.MySql;

/// <summary>
/// A MySQL / MariaDB connection: <see cref="BackendConnection{TInstance}.Instance"/> is a pooled
/// <see cref="MySqlDataSource"/>, and <see cref="OpenConnectionAsync"/> hands out <see cref="MySqlConnection"/>s that
/// Dapper (and Dapper.AOT) work on.
/// </summary>
/// <remarks>
/// Start-up retries while the server cannot be reached (it is down, starting, or refusing connections) and gives up at
/// once on errors that waiting cannot fix: wrong credentials, an unknown database, a missing privilege.
/// </remarks>
public sealed partial class MySqlBackend : BackendConnection<MySqlDataSource, MySqlSettings>
{
    /// <summary>The kind this adapter serves, as its <see cref="BackendAdapterAttribute"/> declares it.</summary>
    internal const string KindName = "mysql";

    /// <summary>Creates the handle; generated code calls this with the kind of the adapter's attribute.</summary>
    /// <param name="kind">The kind, <c>"mysql"</c>.</param>
    /// <param name="name">The connection's name within its kind, for example <c>"demo"</c>.</param>
    /// <param name="settings">Creates the resolved settings when start-up first needs them.</param>
    public MySqlBackend(string kind, string name, SettingsFactory<MySqlSettings> settings)
        : base(kind, name, settings)
    {
    }

    /// <summary>Creates a <c>"mysql"</c> handle over a settings factory (for hand-written code and tests).</summary>
    /// <param name="name">The connection's name within <c>"mysql"</c>.</param>
    /// <param name="settings">Creates the resolved settings when start-up first needs them.</param>
    public MySqlBackend(string name, SettingsFactory<MySqlSettings> settings)
        : this(KindName, name, settings)
    {
    }

    /// <summary>Creates a handle over fixed settings (for hand-written code and tests).</summary>
    /// <param name="name">The connection's name within <c>"mysql"</c>, for example <c>"demo"</c>.</param>
    /// <param name="settings">The settings, used as they are: no overlay, override or secret reference is applied.</param>
    public MySqlBackend(string name, MySqlSettings settings)
        : this(KindName, name, SettingsFactory.FromValue(settings))
    {
    }

    /// <summary>
    /// Opens a pooled connection; dispose it to return it to the pool. Dapper works on it. A failure to open is also
    /// recorded in <see cref="BackendConnection{TInstance}.Errors"/>, so health checks and dashboards see it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection is not ready yet.</exception>
    /// <exception cref="MySqlException">The server could not be reached or refused the connection.</exception>
    public async ValueTask<MySqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var dataSource = Instance;
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlException ex)
        {
            ReportError(ex, "open");
            throw;
        }
    }

    /// <inheritdoc />
    protected override ValueTask<MySqlDataSource> CreateInstanceAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(new MySqlDataSourceBuilder(MySqlConnectionStrings.Build(Settings, Name)).Build());

    /// <inheritdoc />
    protected override async ValueTask PingInstanceAsync(MySqlDataSource instance, CancellationToken cancellationToken)
    {
        await using var connection = await instance.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!await connection.PingAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new IOException($"{Name}: the server did not answer a ping.");
        }
    }

    /// <inheritdoc />
    protected override bool IsTransient(Exception exception) => MySqlErrors.IsTransient(exception);
}
