using Backends.MySql;
using Backends.Runtime;
using Backends.Testing;

namespace Backends.Adapters.Tests.SecretLeaks;

/// <summary>Server-free checks of the redaction of exceptions and of text the library did not build.</summary>
public sealed class RedactionTests
{
    [Fact]
    public void A_short_secret_is_not_searched_for_in_free_text()
    {
        // Leak 5: a plain replace of "app" mangled "application"; short secrets are redacted by structure only.
        var redactor = new Redactor(["app", "long-enough-secret"]);

        Assert.Equal("application failed for ***", redactor.Redact("application failed for long-enough-secret"));
        Assert.Equal(6, Redactor.MinimumLength);
    }

    [Fact]
    public void Encoded_forms_of_a_secret_are_redacted()
    {
        const string secret = "p@ss w'rd\"x/1";
        var redactor = new Redactor([secret]);

        foreach (var form in new[] { secret, Uri.EscapeDataString(secret), secret.Replace("'", "''", StringComparison.Ordinal), "p@ss w'rd\\\"x/1" })
        {
            Assert.Equal("before *** after", redactor.Redact("before " + form + " after"));
        }
    }

    [Fact]
    public void A_redacted_exception_redacts_its_message_inner_exceptions_stack_and_ToString()
    {
        const string secret = "inner-s3cret-value";
        Exception original;
        try
        {
            try
            {
                throw new InvalidOperationException("the driver echoed " + secret);
            }
            catch (Exception cause)
            {
                throw new AggregateException("outer mentions " + secret, cause);
            }
        }
        catch (Exception ex)
        {
            original = ex;
        }

        var redacted = new Redactor([secret]).Wrap(original);

        Assert.DoesNotContain(secret, redacted.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, redacted.ToString(), StringComparison.Ordinal);
        Assert.Contains("System.AggregateException", redacted.ToString(), StringComparison.Ordinal);
        Assert.Contains("the driver echoed ***", redacted.ToString(), StringComparison.Ordinal);
        var inner = Assert.IsType<RedactedException>(redacted.InnerException);
        Assert.DoesNotContain(secret, inner.ToString(), StringComparison.Ordinal);
        Assert.Equal("System.InvalidOperationException", inner.OriginalTypeName);
        Assert.Same(original, redacted.GetOriginalException());
        Assert.NotNull(redacted.StackTrace);
    }

    [Fact]
    public async Task An_error_a_connection_records_and_throws_is_redacted_all_the_way()
    {
        // Leak 4: only BackendError.Message was redacted; its Exception, the inner exception of what start-up throws
        // and the faulted Ready task carried the driver's text as it was.
        const string secret = "echoed-by-the-driver-9";
        await using var backend = new EchoingBackend(secret);
        var raised = new List<BackendError>();
        backend.Error += (_, e) => raised.Add(e.Error);

        var thrown = await Assert.ThrowsAsync<BackendStartupException>(() => backend.ConfigureAsync());
        var ready = await Assert.ThrowsAsync<BackendStartupException>(() => backend.Ready);

        var error = Assert.Single(backend.Errors);
        Assert.Same(error, Assert.Single(raised));
        foreach (var text in new[] { error.Message, error.ToString(), error.Exception.Message, error.Exception.ToString(), thrown.ToString(), ready.ToString() })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret[..8], text, StringComparison.Ordinal);
        }

        for (Exception? e = thrown; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(secret, e.Message, StringComparison.Ordinal);
        }

        Assert.IsType<InvalidOperationException>(error.GetOriginalException());
    }

    [Fact]
    public async Task A_bad_option_value_is_not_echoed_by_the_MySQL_adapter()
    {
        // MySqlConnector's "Invalid value '...' for '...' connection string option" was copied into the message.
        const string value = "bad-0ption-value-77";
        var logs = new CapturingLoggerFactory();
        var settings = new MySqlSettings
        {
            Hosts = ["127.0.0.1:1"],
            Database = "d",
            Options = new Dictionary<string, string> { ["ConnectionTimeout"] = value },
        };
        await using var backend = new MySqlBackend("badoption", SettingsFactory.FromValue(settings)) { Logger = logs.CreateLogger("test") };

        var thrown = await Assert.ThrowsAsync<BackendStartupException>(() => backend.ConfigureAsync());

        var error = Assert.Single(backend.Errors);
        Assert.Contains("options.ConnectionTimeout", error.Message, StringComparison.Ordinal);
        foreach (var text in new[] { error.Message, error.Exception.ToString(), thrown.ToString() }.Concat(logs.Lines))
        {
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        }
    }

    private sealed class EchoingBackend(string password)
        : BackendConnection<object>("test", "echo", () => new Backends.Sqlite.SqliteSettings { Path = ":memory:", Password = password })
    {
        protected override ValueTask<object> CreateInstanceAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("driver says: login with '" + password + "' refused", new FormatException("inner " + password));

        protected override ValueTask PingInstanceAsync(object instance, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        protected override bool IsTransient(Exception exception) => false;
    }
}
