using Backends.DynamoDb;
using Backends.Runtime;
using Backends.Testing;
using IntegrationTests.DynamoDb;
using IntegrationTests.Infrastructure;

namespace IntegrationTests.SecretLeaks;

/// <summary>
/// DynamoDB's secrets (secretAccessKey, sessionToken) appear in no ToString, error, exception or log line: through a
/// successful start against dynalite, failing operations, and permanent and transient start-up failures.
/// </summary>
public sealed class DynamoDbSecretTests(DynamoFixture fixture) : IClassFixture<DynamoFixture>
{
    [Fact]
    public async Task Secrets_are_in_no_text_of_a_working_connection_or_its_failures()
    {
        var secret = "PlantDynSecret" + Guid.NewGuid().ToString("N");
        var token = "PlantDynToken" + Guid.NewGuid().ToString("N");
        var logs = new CapturingLoggerFactory();
        var settings = fixture.Settings();
        if (fixture.IsDynalite)
        {
            settings.SecretAccessKey = secret;
            settings.SessionToken = token;
        }

        await using var backend = new DynamoDbBackend("secrets", settings) { Logger = logs.CreateLogger("dynamodb") };
        var orders = new OrdersTable(backend);
        await backend.ConfigureAsync();
        Assert.Contains("secretAccessKey = ***", backend.Config.ToString(), StringComparison.Ordinal);
        Assert.Contains("sessionToken = ***", backend.Config.ToString(), StringComparison.Ordinal);

        // Operations that fail on the server: a key of the wrong type, and a table that is not there.
        var wrongType = await Assert.ThrowsAnyAsync<Exception>(() => orders.GetAsync(new DynamoKey(DynamoValue.From(5), DynamoValue.From("o"))).AsTask());
        using (var raw = fixture.RawClient())
        {
            await raw.DeleteTableAsync(orders.TableName);
        }

        var notThere = await Assert.ThrowsAnyAsync<Exception>(() => orders.GetAsync("c", "o").AsTask());
        await Assert.ThrowsAnyAsync<Exception>(() => backend.GetBytesAsync("bad key").AsTask());
        Assert.Contains(backend.Errors, e => e.Phase == "table");

        foreach (var planted in new[] { secret, token })
        {
            Secrets.AssertNowhere(planted, backend, wrongType, logs);
            Secrets.AssertNowhere(planted, backend, notThere, logs);
        }
    }

    [Fact]
    public async Task Secrets_are_in_no_text_of_failed_start_ups()
    {
        var secret = "PlantDynSecret" + Guid.NewGuid().ToString("N");
        var token = "PlantDynToken" + Guid.NewGuid().ToString("N");
        var logs = new CapturingLoggerFactory();

        // Permanent: an unknown region.
        var permanent = new DynamoDbSettings { Region = "xx-nowhere-9", AccessKeyId = "AKID", SecretAccessKey = secret, SessionToken = token };
        await using var first = new DynamoDbBackend("region", permanent) { Logger = logs.CreateLogger("dynamodb") };
        var regionError = await Assert.ThrowsAsync<BackendStartupException>(() => first.ConfigureAsync());

        // Transient until the deadline: nobody listens.
        var down = new DynamoDbSettings
        {
            ServiceUrl = "http://127.0.0.1:" + LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            AccessKeyId = "AKID",
            SecretAccessKey = secret,
            SessionToken = token,
            StartupTimeout = TimeSpan.FromSeconds(2),
            RetryDelay = TimeSpan.FromMilliseconds(100),
            MaxErrorRetry = 0,
        };
        await using var second = new DynamoDbBackend("down", down) { Logger = logs.CreateLogger("dynamodb") };
        var downError = await Assert.ThrowsAsync<BackendStartupException>(() => second.ConfigureAsync());
        Assert.NotEmpty(second.Errors);

        foreach (var planted in new[] { secret, token })
        {
            Secrets.AssertNowhere(planted, first, regionError, logs);
            Secrets.AssertNowhere(planted, second, downError, logs);
        }
    }
}
