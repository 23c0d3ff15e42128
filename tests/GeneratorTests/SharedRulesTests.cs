using System.Globalization;
using System.Text.RegularExpressions;
using Backends.Runtime;
using Backends.Sqlite;
using GeneratorTests.Infrastructure;

namespace GeneratorTests;

/// <summary>
/// The build and the run time read values by the same rules (src/Shared, compiled into both the generator and the
/// runtime): each case goes through the generator's diagnostics and through the runtime's parser, and they must agree.
/// </summary>
public sealed partial class SharedRulesTests
{
    [Theory]
    [InlineData("30s")]
    [InlineData("500ms")]
    [InlineData("5m")]
    [InlineData("1h")]
    [InlineData("2d")]
    [InlineData("0.1s")]
    [InlineData("0.0001ms")]
    [InlineData("1e3s")]
    [InlineData("90")]
    [InlineData(" 45S ")]
    [InlineData("00:00:30")]
    [InlineData("1.02:03:04.5")]
    [InlineData("922337203685")]
    [InlineData("infinite")]
    [InlineData("INFINITE")]
    public void A_duration_the_build_accepts_is_accepted_at_run_time_with_the_same_value(string text)
    {
        var run = GeneratorHarness.Run(SqliteWithBusyTimeout(CSharpString(text)));

        Assert.Empty(run.Diagnostics);
        var runtime = SettingValue.ParseDuration(text, "sqlite:local:busyTimeout");
        Assert.Equal(runtime, CompiledBusyTimeout(run.Sources["Db.g.cs"]));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("922337203685")]
    public void A_JSON_number_of_seconds_means_what_the_same_digits_mean_as_an_override(string number)
    {
        var run = GeneratorHarness.Run(SqliteWithBusyTimeout(number));

        Assert.Empty(run.Diagnostics);
        Assert.Equal(SettingValue.ParseDuration(number, "sqlite:local:busyTimeout"), CompiledBusyTimeout(run.Sources["Db.g.cs"]));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("")]
    [InlineData("-5s")]
    [InlineData("-1")]
    [InlineData("-00:00:01")]
    [InlineData("922337203686")]
    [InlineData("1e30s")]
    [InlineData("5 parsecs")]
    [InlineData("NaN")]
    public void A_duration_the_build_rejects_is_rejected_at_run_time(string text)
    {
        var run = GeneratorHarness.Run(SqliteWithBusyTimeout(CSharpString(text)));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Contains("busyTimeout", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.False(SettingValue.TryParseDuration(text, out _));
        var error = Assert.Throws<BackendConfigurationException>(() => SettingValue.ParseDuration(text, "sqlite:local:busyTimeout"));
        Assert.Contains("Backends:sqlite:local:busyTimeout", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite.locl", "sqlite.local")]
    [InlineData("sqlite.archiv", "sqlite.archive")]
    [InlineData("sqlite.lcal", "sqlite.local")]
    [InlineData("mysql.orders", null)]
    [InlineData("elsewhere", null)]
    public void The_build_and_the_registry_suggest_the_same_near_miss(string typo, string? expected)
    {
        var run = GeneratorHarness.Run($$"""
            {
              "sqlite": { "local": { "path": "a.db" }, "archive": { "path": "b.db" } },
              "stores": { "records": { "cache": "{{typo}}", "storage": "sqlite.archive" } }
            }
            """);
        var buildMessage = Assert.Single(run.Diagnostics).GetMessage(CultureInfo.InvariantCulture);

        var registry = new BackendRegistry(
        [
            new SqliteBackend("local", new SqliteSettings { Path = ":memory:" }),
            new SqliteBackend("archive", new SqliteSettings { Path = ":memory:" }),
        ]);
        var runtimeMessage = Assert.Throws<KeyNotFoundException>(() => registry.Get(typo)).Message;

        Assert.Equal(expected, FirstSuggestion(buildMessage));
        Assert.Equal(expected, FirstSuggestion(runtimeMessage));
    }

    [Theory]
    [InlineData("SslMode", "sslMode")]
    [InlineData("SSLMode", "sslMode")]
    [InlineData("URL", "url")]
    [InlineData("Password", "password")]
    public void Settings_keys_are_camel_cased_once_for_both(string property, string key)
    {
        Assert.Equal(key, Backends.Generator.Shared.Naming.ToCamelCase(property));
        Assert.Equal(key, Backends.Runtime.Shared.Naming.ToCamelCase(property));
    }

    [Theory]
    [InlineData("Certificate Password", true)]
    [InlineData("ssl-key", true)]
    [InlineData("My_Secret", true)]
    [InlineData("Pooling", false)]
    public void Option_keys_are_secrets_by_the_same_rule_at_build_time_and_run_time(string key, bool secret)
    {
        const string listed = "SslKey";
        Assert.Equal(secret, SecretKeys.IsSecret(key, listed));
        Assert.Equal(
            secret,
            Backends.Generator.Naming.References.IsSecretKey(key, Backends.Generator.Model.EquatableArray.Create(Backends.Generator.Naming.References.NormalizeKey(listed))));
    }

    private static string SqliteWithBusyTimeout(string jsonValue) =>
        "{ \"sqlite\": { \"local\": { \"path\": \"a.db\", \"busyTimeout\": " + jsonValue + " } } }";

    private static string CSharpString(string text) => "\"" + text + "\"";

    private static TimeSpan CompiledBusyTimeout(string code)
    {
        var line = code.Split('\n').Single(l => l.TrimStart().StartsWith("s.BusyTimeout = ", StringComparison.Ordinal));
        if (line.Contains("Timeout.InfiniteTimeSpan", StringComparison.Ordinal))
        {
            return Timeout.InfiniteTimeSpan;
        }

        return TimeSpan.FromTicks(long.Parse(TicksPattern().Match(line).Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private static string? FirstSuggestion(string message)
    {
        var match = SuggestionPattern().Match(message);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"FromTicks\((\d+)L\)")]
    private static partial Regex TicksPattern();

    [GeneratedRegex(@"did you mean '([^']+)'")]
    private static partial Regex SuggestionPattern();
}
