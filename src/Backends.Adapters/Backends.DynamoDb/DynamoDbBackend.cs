using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Backends.Runtime;

namespace Backends.DynamoDb;

/// <summary>
/// A DynamoDB connection: <see cref="BackendConnection{TInstance}.Instance"/> is the SDK's low-level
/// <see cref="IAmazonDynamoDB"/>. It is also an <see cref="IExpiringKeyValueStore"/> over one table
/// (<see cref="DynamoDbSettings.KeyValueTable"/>), and the home of the declared tables (<see cref="DynamoTable{T}"/>).
/// </summary>
/// <remarks>
/// <para><b>Declared tables: the API generated code targets.</b> For each table declared in <c>backends.json</c>,
/// generated code keeps one static <see cref="TableDefinition"/> and, right after constructing the handle (before
/// start-up), creates the typed table over it:</para>
/// <code>
/// var handle = new global::Backends.DynamoDb.DynamoDbBackend("main", settings);
/// Orders = new OrdersTable(handle);   // a DynamoTable&lt;Order&gt; subclass; its constructor registers OrdersTable.Definition
/// </code>
/// <para>(or calls <see cref="RegisterTable"/> directly). Start-up then, on the first successful request of each new
/// client:</para>
/// <list type="bullet">
/// <item>creates every registered table (and the key/value table) that does not exist: key schema, attribute definitions
/// for the keys only, global secondary indexes, on-demand or provisioned billing; and waits until it and its indexes are
/// ACTIVE. A table that exists is compared with its definition: another key schema, a key of another type or a missing
/// index is a <see cref="DynamoTableSchemaException"/>, which fails start-up at once (no retry loop). Idempotent: a
/// second start changes nothing.</item>
/// <item>enables TTL (<c>UpdateTimeToLive</c>) on each table's <see cref="TableDefinition.TimeToLiveAttribute"/>. A server
/// without that operation (dynalite answers <c>UnknownOperationException</c>) is recorded as a warning in
/// <see cref="BackendConnection{TInstance}.Errors"/> (phase <c>ttl</c>, a <see cref="NotSupportedException"/>) and
/// start-up goes on: reads hide expired items either way.</item>
/// </list>
/// <para>Errors: an outage (connection refused, timeouts, 5xx) is retried by start-up with backoff; bad credentials,
/// an unknown region, validation errors and schema conflicts are permanent. At run time the SDK retries throttling
/// (<c>ProvisionedThroughputExceededException</c>) and transient failures up to <see cref="DynamoDbSettings.MaxErrorRetry"/>
/// times with its own backoff; unprocessed batch items are retried by <see cref="DynamoTable{T}"/>.</para>
/// </remarks>
public partial class DynamoDbBackend : BackendConnection<IAmazonDynamoDB, DynamoDbSettings>
{
    private readonly List<TableDefinition> _tables = [];
    private readonly Lock _tablesGate = new();
    private IAmazonDynamoDB? _ensuredClient;

    internal const string KindName = "dynamodb";

    /// <summary>Creates the handle; generated code calls this, passing the kind the adapter declares.</summary>
    /// <param name="kind">The kind, <c>dynamodb</c>.</param>
    /// <param name="name">The connection's name.</param>
    /// <param name="settings">Creates the resolved settings.</param>
    public DynamoDbBackend(string kind, string name, SettingsFactory<DynamoDbSettings> settings)
        : base(kind, name, settings)
    {
    }

    /// <summary>Creates the handle (for hand-written code).</summary>
    /// <param name="name">The connection's name.</param>
    /// <param name="settings">Creates the resolved settings.</param>
    public DynamoDbBackend(string name, SettingsFactory<DynamoDbSettings> settings)
        : this(KindName, name, settings)
    {
    }

    /// <summary>Creates a handle over fixed settings (for hand-written code and tests).</summary>
    public DynamoDbBackend(string name, DynamoDbSettings settings)
        : this(name, SettingsFactory.FromValue(settings))
    {
    }


    /// <summary>The tables registered with <see cref="RegisterTable"/>, in registration order.</summary>
    public IReadOnlyList<TableDefinition> Tables
    {
        get
        {
            lock (_tablesGate)
            {
                return [.. _tables];
            }
        }
    }

    /// <summary>
    /// Declares a table that start-up creates when it is missing. Used by generated code (through the typed table's
    /// constructor); call it before <see cref="BackendConnection{TInstance}.ConfigureAsync"/>. Registering the same
    /// definition again is a no-op.
    /// </summary>
    /// <exception cref="ArgumentException">The definition is invalid, or another definition has its name.</exception>
    /// <exception cref="InvalidOperationException">Start-up has already begun.</exception>
    public void RegisterTable(TableDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.Validate();
        lock (_tablesGate)
        {
            if (_tables.Find(t => t.Name == definition.Name) is { } existing)
            {
                if (existing == definition)
                {
                    return;
                }

                throw new ArgumentException($"{Name}: the table \"{definition.Name}\" is declared twice, with different definitions.", nameof(definition));
            }

            if (State != ConnectionState.Created)
            {
                throw new InvalidOperationException(
                    $"{Name}: declare tables before start-up (the connection is {State}); call RegisterTable before ConfigureAsync / Db.InitializeAsync.");
            }

            _tables.Add(definition);
        }
    }

    /// <summary>The full name of the table <paramref name="name"/>: <see cref="DynamoDbSettings.TablePrefix"/> + <paramref name="name"/>.</summary>
    public string TableName(string name) => (Settings.TablePrefix ?? "") + name;

    /// <summary>
    /// Creates the registered tables that do not exist and checks the ones that do; start-up runs this after the first
    /// successful request of each new client. Idempotent.
    /// </summary>
    /// <exception cref="DynamoTableSchemaException">A table exists with another key schema or lacks a declared index.</exception>
    public Task EnsureTablesAsync(CancellationToken cancellationToken = default) => EnsureTablesCoreAsync(Instance, cancellationToken);

    /// <inheritdoc />
    protected override ValueTask<IAmazonDynamoDB> CreateInstanceAsync(CancellationToken cancellationToken)
    {
        var settings = Settings;
        var config = new AmazonDynamoDBConfig
        {
            Timeout = settings.Timeout,
            MaxErrorRetry = settings.MaxErrorRetry,
        };
        if (!string.IsNullOrEmpty(settings.ServiceUrl))
        {
            if (!Uri.TryCreate(settings.ServiceUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw new BackendConfigurationException($"{Name}: serviceUrl \"{settings.ServiceUrl}\" is not an http:// or https:// address.");
            }

            config.ServiceURL = settings.ServiceUrl;
            config.AuthenticationRegion = settings.Region;
        }
        else
        {
            config.RegionEndpoint = KnownRegion(settings.Region);
        }

        IAmazonDynamoDB client;
        if (!string.IsNullOrEmpty(settings.AccessKeyId))
        {
            if (string.IsNullOrEmpty(settings.SecretAccessKey))
            {
                throw new BackendConfigurationException($"{Name}: accessKeyId is set but secretAccessKey is not: set both, or neither to use the SDK's default credentials.");
            }

            AWSCredentials credentials = string.IsNullOrEmpty(settings.SessionToken)
                ? new BasicAWSCredentials(settings.AccessKeyId, settings.SecretAccessKey)
                : new SessionAWSCredentials(settings.AccessKeyId, settings.SecretAccessKey, settings.SessionToken);
            client = new AmazonDynamoDBClient(credentials, config);
        }
        else
        {
            client = new AmazonDynamoDBClient(config);
        }

        return ValueTask.FromResult(client);
    }

    /// <inheritdoc />
    protected override async ValueTask PingInstanceAsync(IAmazonDynamoDB instance, CancellationToken cancellationToken)
    {
        await instance.ListTablesAsync(new ListTablesRequest { Limit = 1 }, cancellationToken).ConfigureAwait(false);

        // The first successful request of a new client is start-up's: create and check the tables before Ready.
        if (!ReferenceEquals(Volatile.Read(ref _ensuredClient), instance))
        {
            await EnsureTablesCoreAsync(instance, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _ensuredClient, instance);
        }
    }

    /// <inheritdoc />
    protected override bool IsTransient(Exception exception) => DynamoErrors.IsTransient(exception);

    /// <summary>Records an error a table operation met (not a refused condition, not a cancellation).</summary>
    internal void ReportOperationError(Exception exception)
    {
        if (exception is not OperationCanceledException && !DynamoErrors.IsConditionFailed(exception))
        {
            ReportError(exception, "table");
        }
    }

    private RegionEndpoint KnownRegion(string region)
    {
        if (string.IsNullOrWhiteSpace(region) || !RegionEndpoint.EnumerableAllRegions.Any(r => r.SystemName == region))
        {
            throw new BackendConfigurationException(
                $"{Name}: region \"{region}\" is not an AWS region this SDK knows (us-east-1, eu-west-1, ...); for a local or compatible server set serviceUrl.");
        }

        return RegionEndpoint.GetBySystemName(region);
    }
}
