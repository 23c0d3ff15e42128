using Backends.Runtime;

namespace Backends.DynamoDb;

/// <summary>Settings of one DynamoDB connection, as written under <c>"dynamodb"</c> in <c>backends.json</c>.</summary>
public sealed class DynamoDbSettings : BackendSettings
{
    /// <summary>
    /// The endpoint of a local or compatible server (<c>http://127.0.0.1:8000</c>). Leave it out for AWS: then
    /// <see cref="Region"/> chooses the endpoint.
    /// </summary>
    [Setting(Description = "The endpoint of a local or compatible server; leave it out for AWS (region chooses the endpoint).")]
    public string? ServiceUrl { get; set; }

    /// <summary>The AWS region, <c>us-east-1</c>; also signs requests sent to <see cref="ServiceUrl"/>. Default <c>us-east-1</c>.</summary>
    [Setting(Description = "The AWS region (also signs requests to serviceUrl).")]
    public string Region { get; set; } = "us-east-1";

    /// <summary>The access key id; without it the SDK's default credential chain (environment, profile, instance role) is used.</summary>
    [Setting(Description = "The access key id (without it the SDK's default credential chain is used).")]
    public string? AccessKeyId { get; set; }

    /// <summary>The secret access key; write <c>${env:AWS_SECRET_ACCESS_KEY}</c> or <c>${file:PATH}</c>, never a literal.</summary>
    [Setting(Secret = true, Description = "The secret access key: ${env:NAME} or ${file:/run/secrets/x}.")]
    public string? SecretAccessKey { get; set; }

    /// <summary>The session token of temporary credentials; a secret.</summary>
    [Setting(Secret = true, Description = "The session token of temporary credentials: ${env:NAME}.")]
    public string? SessionToken { get; set; }

    /// <summary>Prepended to every table name (declared tables and the key/value table), so environments can share an account.</summary>
    [Setting(Description = "Prepended to every table name (environments sharing an account).")]
    public string? TablePrefix { get; set; }

    /// <summary>How long one HTTP request may take. Default 10 seconds.</summary>
    [Setting(Description = "How long one request may take.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the SDK retries a request that failed for a reason worth retrying (throttling, a 5xx, a dropped
    /// connection), with its own exponential backoff. Validation errors are never retried. Default 3.
    /// </summary>
    [Setting(Min = 0, Max = 100, Description = "How often the SDK retries throttled or failed requests (with backoff).")]
    public int MaxErrorRetry { get; set; } = 3;

    /// <summary>
    /// The table (before <see cref="TablePrefix"/>) that holds the key/value store: <c>k</c> (string, hash key),
    /// <c>v</c> (binary), <c>exp</c> (number, epoch seconds, the TTL attribute). Start-up creates it when it is missing.
    /// An empty value turns the key/value store off (no table is created). Default <c>"backends_kv"</c>.
    /// </summary>
    [Setting(Description = "The table that holds the key/value store (\"\" for none).")]
    public string KeyValueTable { get; set; } = "backends_kv";
}
