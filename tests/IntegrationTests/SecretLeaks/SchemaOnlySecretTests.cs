using Backends.Testing;
using Backends.Runtime;
using IntegrationTests.Infrastructure;
using IntegrationTests.SecretLeaks;

// A third-party adapter declared in this compilation, found by the generator like any other.
[assembly: BackendAdapter("tokenized", typeof(TokenBackend), typeof(TokenSettings), ClassName = "Tokenized")]

namespace IntegrationTests.SecretLeaks;

/// <summary>
/// Redaction comes from the [Setting] schema alone: a settings class whose only secret code is
/// <c>[Setting(Secret = true)]</c> on a property (no GetSecrets, no Describe) never shows the value in ToString(),
/// in the connection's errors or in its logs.
/// </summary>
public sealed class SchemaOnlySecretTests
{
    private const string Token = "tok-5f1e2d3c4b-secret";

    [Fact]
    public void ToString_and_GetSecrets_come_from_the_Setting_attributes()
    {
        var settings = new TokenSettings { Endpoint = "127.0.0.1:1", Token = Token };

        var text = settings.ToString();
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        Assert.Contains("token = ***", text, StringComparison.Ordinal);
        Assert.Contains("endpoint = 127.0.0.1:1", text, StringComparison.Ordinal);
        Assert.Equal([Token], settings.GetSecrets());
    }

    [Fact]
    public async Task A_driver_that_echoes_the_secret_is_redacted_in_errors_and_logs()
    {
        var logs = new CapturingLoggerFactory();
        var settings = new TokenSettings { Endpoint = "127.0.0.1:1", Token = Token };
        await using var backend = new TokenBackend("tokenized", "edge", SettingsFactory.FromValue(settings)) { Logger = logs.CreateLogger("test") };

        var thrown = await Assert.ThrowsAsync<BackendStartupException>(() => backend.ConfigureAsync());

        var error = Assert.Single(backend.Errors);
        Assert.Contains("***", error.Exception.ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(logs.Lines);
        foreach (var text in new[] { error.Message, error.Exception.ToString(), thrown.ToString(), backend.Config.ToString() }.Concat(logs.Lines))
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        }
    }
}

/// <summary>Settings of the third-party adapter: a secret marked by its attribute, and nothing else about it.</summary>
public sealed class TokenSettings : BackendSettings
{
    /// <summary>Where the service listens.</summary>
    [Setting(Description = "Where the service listens.")]
    public string Endpoint { get; set; } = "";

    /// <summary>The access token.</summary>
    [Setting(Secret = true, Description = "The access token.")]
    public string? Token { get; set; }
}

/// <summary>A handle whose "driver" echoes the token in its error, as some drivers do.</summary>
public sealed class TokenBackend : BackendConnection<object, TokenSettings>
{
    /// <summary>Creates the handle.</summary>
    public TokenBackend(string kind, string name, SettingsFactory<TokenSettings> settings)
        : base(kind, name, settings)
    {
    }

    /// <inheritdoc />
    protected override ValueTask<object> CreateInstanceAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"driver says: token {Settings.Token} refused at {Settings.Endpoint}");

    /// <inheritdoc />
    protected override ValueTask PingInstanceAsync(object instance, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    protected override bool IsTransient(Exception exception) => false;
}
