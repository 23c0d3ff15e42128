using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Backends.DynamoDb;
using Backends.Runtime;
using Backends.Testing;
using IntegrationTests.Infrastructure;

namespace IntegrationTests.DynamoDb;

/// <summary>Start-up against a late server, and which errors are permanent.</summary>
public sealed class DynamoStartupTests(DynamoFixture fixture) : IClassFixture<DynamoFixture>
{
    [Fact]
    public async Task A_server_that_starts_3_s_after_InitializeAsync_ends_Ready_with_the_tables_created()
    {
        await using var late = DynaliteProcess.Reserve(LoopbackPorts.Free());
        var settings = fixture.Settings();
        settings.ServiceUrl = late.ServiceUrl;
        settings.AccessKeyId = DynamoFixture.TestAccessKeyId;
        settings.SecretAccessKey = "late-secret";
        settings.MaxErrorRetry = 0;
        settings.Timeout = TimeSpan.FromSeconds(2);
        await using var backend = new DynamoDbBackend("late", settings);
        var orders = new OrdersTable(backend);

        var started = Stopwatch.StartNew();
        var configuring = backend.ConfigureAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(ConnectionState.Configuring, backend.State);
        await late.StartOnPortAsync();
        await Wait.For(configuring);

        Assert.Equal(ConnectionState.Ready, backend.State);
        Assert.True(backend.Attempts > 1, $"expected retries before the server was up, saw {backend.Attempts} attempt(s)");
        Assert.Contains(backend.Errors, e => e.Phase == "configure" && e.IsTransient);
        await orders.PutAsync(new Order { CustomerId = "c", OrderId = "o", CreatedAt = DateTimeOffset.UnixEpoch });
        Assert.NotNull(await orders.GetAsync("c", "o"));
        Console.WriteLine($"late dynalite: Ready after {started.Elapsed.TotalSeconds:0.0} s and {backend.Attempts} attempts");
    }

    [Fact]
    public async Task An_unknown_region_without_serviceUrl_is_permanent()
    {
        var settings = new DynamoDbSettings { Region = "xx-nowhere-9", StartupTimeout = TimeSpan.FromMinutes(5), AccessKeyId = "id", SecretAccessKey = "s" };
        await using var backend = new DynamoDbBackend("region", settings);
        var error = await Assert.ThrowsAsync<BackendStartupException>(() => backend.ConfigureAsync());
        Assert.Equal(ConnectionState.Faulted, backend.State);
        Assert.Equal(1, backend.Attempts);
        Assert.Contains("xx-nowhere-9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_access_key_without_its_secret_is_permanent()
    {
        var settings = fixture.Settings();
        settings.SecretAccessKey = null;
        settings.AccessKeyId = "AKIDONLY";
        settings.StartupTimeout = TimeSpan.FromMinutes(5);
        await using var backend = new DynamoDbBackend("halfkey", settings);
        var error = await Assert.ThrowsAsync<BackendStartupException>(() => backend.ConfigureAsync());
        Assert.Equal(1, backend.Attempts);
        Assert.Contains("secretAccessKey", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UnrecognizedClientException", false)]
    [InlineData("InvalidSignatureException", false)]
    [InlineData("AccessDeniedException", false)]
    [InlineData("ExpiredTokenException", false)]
    [InlineData("ValidationException", false)]
    [InlineData("ProvisionedThroughputExceededException", true)]
    [InlineData("ThrottlingException", true)]
    [InlineData("InternalServerError", true)]
    [InlineData("ServiceUnavailable", true)]
    public void Service_errors_are_classified_permanent_or_transient(string code, bool transient) =>
        Assert.Equal(transient, DynamoErrors.IsTransient(new AmazonDynamoDBException("boom") { ErrorCode = code }));

    [Fact]
    public void Other_errors_are_classified()
    {
        Assert.True(DynamoErrors.IsTransient(new HttpRequestException("Connection refused")));
        Assert.True(DynamoErrors.IsTransient(new TimeoutException()));
        Assert.False(DynamoErrors.IsTransient(new DynamoTableSchemaException("t", ["hash key differs"])));
        Assert.False(DynamoErrors.IsTransient(new BackendConfigurationException("bad")));
        Assert.False(DynamoErrors.IsTransient(new AmazonClientException("Failed to resolve AWS credentials. The credential providers used to search for credentials returned the following errors")));
    }
}
