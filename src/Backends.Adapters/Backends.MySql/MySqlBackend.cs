using Backends.Runtime;
using MySqlConnector;

namespace Backends.MySql;

/// <summary>A MySQL / MariaDB connection: <see cref="BackendConnection{TInstance}.Instance"/> is a pooled <see cref="MySqlDataSource"/>.</summary>
public sealed partial class MySqlBackend : BackendConnection<MySqlDataSource>
{
    private readonly SettingsFactory<MySqlSettings> _settings;

    /// <summary>Creates the handle; generated code calls this.</summary>
    public MySqlBackend(string name, SettingsFactory<MySqlSettings> settings)
        : base("mysql", name, settings.Create) => _settings = settings;

    /// <summary>Creates a handle over fixed settings (for hand-written code and tests).</summary>
    public MySqlBackend(string name, MySqlSettings settings)
        : this(name, SettingsFactory.FromValue(settings))
    {
    }

    /// <summary>The resolved settings.</summary>
    public MySqlSettings Settings => (MySqlSettings)Config;

    /// <summary>Opens a pooled connection; dispose it to return it to the pool. Dapper works on it.</summary>
    public ValueTask<MySqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        Instance.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    protected override ValueTask<MySqlDataSource> CreateInstanceAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(new MySqlDataSourceBuilder(MySqlConnectionStrings.Build(Settings)).Build());

    /// <inheritdoc />
    protected override async ValueTask PingInstanceAsync(MySqlDataSource instance, CancellationToken cancellationToken)
    {
        await using var connection = await instance.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!await connection.PingAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"{Name}: the server did not answer a ping.");
        }
    }

    /// <inheritdoc />
    protected override bool IsTransient(Exception exception) => exception switch
    {
        MySqlException { ErrorCode: MySqlErrorCode.AccessDenied or MySqlErrorCode.UnknownDatabase or MySqlErrorCode.DatabaseAccessDenied } => false,
        MySqlException mysql => mysql.IsTransient || mysql.ErrorCode is MySqlErrorCode.UnableToConnectToHost,
        ArgumentException or BackendConfigurationException => false,
        _ => true,
    };
}
