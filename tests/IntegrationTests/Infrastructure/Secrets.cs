using Backends.Runtime;
using Backends.Testing;

namespace IntegrationTests.Infrastructure;

/// <summary>Checks that a secret appears in none of the places a connection reports through.</summary>
public static class Secrets
{
    /// <summary>Asserts that <paramref name="secret"/> is in no message of <paramref name="exception"/> (and its inner ones), no error, no config text and no log line.</summary>
    public static void AssertNowhere(string secret, IBackendConnection connection, Exception? exception, CapturingLoggerFactory? logs)
    {
        Assert.False(string.IsNullOrEmpty(secret));
        for (var e = exception; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(secret, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, e.ToString(), StringComparison.Ordinal);
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    AssertNowhere(secret, connection, inner, null);
                }
            }
        }

        Assert.DoesNotContain(secret, connection.Config.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, connection.ToString() ?? "", StringComparison.Ordinal);
        foreach (var error in connection.Errors)
        {
            Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, error.Exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, error.Exception.ToString(), StringComparison.Ordinal);
        }

        foreach (var line in logs?.Lines ?? [])
        {
            Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
        }
    }
}
