using Backends.Testing;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Backends.DynamoDb;

namespace IntegrationTests.DynamoDb;

/// <summary>
/// The DynamoDB server of one test class: a dynalite on a free loopback port, or, when
/// <see cref="RealEndpointVariable"/> names one, that real endpoint (credentials from the SDK's default chain,
/// region from <see cref="RealRegionVariable"/>, default us-east-1). Every test uses tables of its own, under a fresh
/// <c>tablePrefix</c> (<see cref="Settings"/>); on a real endpoint they are deleted at the end.
/// </summary>
public sealed class DynamoFixture : IAsyncLifetime
{
    /// <summary>Names a real DynamoDB endpoint (<c>https://dynamodb.eu-west-1.amazonaws.com</c>) to run every DynamoDB test against.</summary>
    public const string RealEndpointVariable = "BACKENDS_TEST_DYNAMODB_URL";

    /// <summary>The region of the real endpoint.</summary>
    public const string RealRegionVariable = "BACKENDS_TEST_DYNAMODB_REGION";

    /// <summary>The placeholder credentials sent to dynalite (which does not check them).</summary>
    public const string TestAccessKeyId = "AKIDBACKENDGENTEST";

    private readonly List<string> _prefixes = [];
    private DynaliteProcess? _server;
    private string? _real;

    /// <summary>Whether the tests run against dynalite (not a real endpoint).</summary>
    public bool IsDynalite => _server is not null;

    /// <summary>The endpoint the tests use.</summary>
    public string ServiceUrl => _server?.ServiceUrl ?? _real!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var real = Environment.GetEnvironmentVariable(RealEndpointVariable);
        if (string.IsNullOrWhiteSpace(real))
        {
            _server = await DynaliteProcess.StartAsync();
        }
        else
        {
            _real = real;
        }
    }

    /// <summary>Settings for this fixture's server with a fresh table prefix (unless <paramref name="prefix"/> is given).</summary>
    public DynamoDbSettings Settings(string? prefix = null)
    {
        prefix ??= NewPrefix();
        var settings = new DynamoDbSettings
        {
            ServiceUrl = ServiceUrl,
            Region = Environment.GetEnvironmentVariable(RealRegionVariable) is { Length: > 0 } region ? region : "us-east-1",
            TablePrefix = prefix,
            StartupTimeout = TimeSpan.FromSeconds(90),
            RetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromSeconds(10),
        };
        if (IsDynalite)
        {
            settings.AccessKeyId = TestAccessKeyId;
            settings.SecretAccessKey = "dynalite-does-not-check-" + prefix;
        }

        return settings;
    }

    /// <summary>A fresh table prefix, remembered so that its tables are deleted at the end (real endpoint).</summary>
    public string NewPrefix()
    {
        var prefix = "bgt" + Guid.NewGuid().ToString("N")[..10] + "-";
        lock (_prefixes)
        {
            _prefixes.Add(prefix);
        }

        return prefix;
    }

    /// <summary>A raw SDK client on this fixture's server (for checks beside the adapter).</summary>
    public AmazonDynamoDBClient RawClient()
    {
        var settings = Settings("unused-");
        var config = new AmazonDynamoDBConfig { ServiceURL = settings.ServiceUrl, AuthenticationRegion = settings.Region };
        return settings.AccessKeyId is { } id
            ? new AmazonDynamoDBClient(new Amazon.Runtime.BasicAWSCredentials(id, settings.SecretAccessKey), config)
            : new AmazonDynamoDBClient(config);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            return;
        }

        // A real endpoint keeps what the tests created: delete every table under the prefixes they used.
        using var client = RawClient();
        string? start = null;
        var doomed = new List<string>();
        do
        {
            var page = await client.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = start });
            doomed.AddRange((page.TableNames ?? []).Where(t => _prefixes.Exists(p => t.StartsWith(p, StringComparison.Ordinal))));
            start = page.LastEvaluatedTableName;
        }
        while (start is not null);
        foreach (var table in doomed)
        {
            await client.DeleteTableAsync(table);
        }
    }
}
