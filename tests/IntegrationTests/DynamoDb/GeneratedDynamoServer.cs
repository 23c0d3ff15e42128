namespace IntegrationTests.DynamoDb;

/// <summary>
/// The DynamoDB server of the generated <c>Db.DynamoDb.Main</c> (backends.json): one dynalite per test process, started by
/// the generated-Db fixture before the host starts and stopped with it, or the endpoint
/// <see cref="DynamoFixture.RealEndpointVariable"/> names. Its settings reach <c>Db</c> as environment overrides, with a
/// fresh table prefix so that a real endpoint's tables are this run's own.
/// </summary>
public static class GeneratedDynamoServer
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static DynaliteProcess? s_server;
    private static string? s_prefix;

    /// <summary>The table prefix <c>Db.DynamoDb.Main</c> runs with.</summary>
    public static string Prefix => s_prefix ?? throw new InvalidOperationException("Call StartAsync first.");

    /// <summary>Starts the server (once) and sets the overrides.</summary>
    public static async Task StartAsync()
    {
        await s_gate.WaitAsync();
        try
        {
            if (s_prefix is not null)
            {
                return;
            }

            var real = Environment.GetEnvironmentVariable(DynamoFixture.RealEndpointVariable);
            string url;
            if (string.IsNullOrWhiteSpace(real))
            {
                s_server = await DynaliteProcess.StartAsync();
                url = s_server.ServiceUrl;
                Environment.SetEnvironmentVariable("BACKENDGEN_IT_DYNAMO_KEY_ID", DynamoFixture.TestAccessKeyId);
                Environment.SetEnvironmentVariable("BACKENDGEN_IT_DYNAMO_SECRET", "dynalite-does-not-check");
            }
            else
            {
                url = real;
                Environment.SetEnvironmentVariable("BACKENDGEN_IT_DYNAMO_KEY_ID", Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"));
                Environment.SetEnvironmentVariable("BACKENDGEN_IT_DYNAMO_SECRET", Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"));
                if (Environment.GetEnvironmentVariable(DynamoFixture.RealRegionVariable) is { Length: > 0 } region)
                {
                    Environment.SetEnvironmentVariable("Backends__dynamodb__main__region", region);
                }
            }

            s_prefix = "bgg" + Guid.NewGuid().ToString("N")[..10] + "-";
            Environment.SetEnvironmentVariable("Backends__dynamodb__main__serviceUrl", url);
            Environment.SetEnvironmentVariable("Backends__dynamodb__main__tablePrefix", s_prefix);
        }
        finally
        {
            s_gate.Release();
        }
    }

    /// <summary>Stops the dynalite process, if this run started one.</summary>
    public static async Task StopAsync()
    {
        if (s_server is { } server)
        {
            s_server = null;
            await server.DisposeAsync();
        }
    }
}
