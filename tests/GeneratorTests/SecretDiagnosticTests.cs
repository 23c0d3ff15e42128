using GeneratorTests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GeneratorTests;

/// <summary>
/// BG0011 beyond a plain literal password: a secret must be exactly one reference, and the pass-through options of a
/// driver's secret keys are secrets too. Whatever is reported is not compiled in.
/// </summary>
public sealed class SecretDiagnosticTests
{
    private const string Path = "/app/backends.json";

    [Theory]
    [InlineData("s3cr3t-${env:PEPPER}", "s3cr3t-")]
    [InlineData("Pa${ss-w0rd", "Pa${ss-w0rd")]
    [InlineData("$${env:LITERAL_pw}", "LITERAL_pw")]
    [InlineData("${env:A}tail-s3cr3t", "tail-s3cr3t")]
    [InlineData("pw-${file:/run/secrets/x}", "pw-")]
    public void BG0011_a_secret_that_is_not_exactly_one_reference_is_reported_and_not_compiled_in(string password, string secretPart)
    {
        var json = $$"""
            { "mysql": { "demo": { "host": "h", "database": "d", "password": "{{password}}" } } }
            """;
        var run = GeneratorHarness.Run(json);

        var diagnostic = DiagnosticAssert.Single(run, "BG0011");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("Backends__mysql__demo__password", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Single(run.Diagnostics);
        AssertNotCompiledIn(run, secretPart);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void BG0011_literal_values_of_secret_option_keys_are_reported_where_written_and_not_compiled_in()
    {
        const string json = """
            {
              "mysql": { "demo": { "host": "h", "database": "d", "options": {
                "CertificatePassword": "opt-cert-pw-1", "Certificate Password": "opt-cert-pw-2", "SslKey": "opt-ssl-key-3",
                "Ssl-Key": "opt-ssl-key-4", "pwd": "opt-pwd-5", "ApplicationName": "visible-app" } } },
              "mongodb": { "events": { "hosts": ["h:1"], "database": "d", "options": {
                "tlsCertificateKeyFilePassword": "opt-mongo-6", "password": "opt-mongo-7", "maxPoolSize": "5" } } },
              "sqlite": { "local": { "path": "x.db", "options": { "Password": "opt-sqlite-8", "My_Secret": 9123456 } } }
            }
            """;
        var run = MongoHarness.Run(json, "namespace MyApp { }");

        var reported = run.Diagnostics.Where(d => d.Id == "BG0011").ToList();
        Assert.Equal(run.Diagnostics.Length, reported.Count);
        Assert.Equal(
            ["options:Certificate Password", "options:CertificatePassword", "options:My_Secret", "options:Password", "options:Ssl-Key", "options:SslKey", "options:password", "options:pwd", "options:tlsCertificateKeyFilePassword"],
            reported.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Split('\'')[1]).Order(StringComparer.Ordinal));
        var first = reported.Single(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("'options:CertificatePassword'", StringComparison.Ordinal));
        Assert.Contains("Backends__mysql__demo__options__CertificatePassword", first.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(Path, first.Location.GetLineSpan().Path);
        Assert.Equal(2, first.Location.GetLineSpan().StartLinePosition.Line); // the value's own line (0-based)

        foreach (var secret in new[] { "opt-cert-pw-1", "opt-cert-pw-2", "opt-ssl-key-3", "opt-ssl-key-4", "opt-pwd-5", "opt-mongo-6", "opt-mongo-7", "opt-sqlite-8", "9123456" })
        {
            AssertNotCompiledIn(run, secret);
        }

        // Not secret: still compiled in. An omitted option can still be set at run time.
        Assert.Contains("visible-app", run.Sources["Db.g.cs"], StringComparison.Ordinal);
        Assert.Contains(
            run.Sources["Db.g.cs"].Split('\n'),
            line => line.Contains("context.OverrideEntries(s.Options, \"mysql:demo:options\", ", StringComparison.Ordinal) &&
                line.Contains("\"CertificatePassword\"", StringComparison.Ordinal));
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void References_in_options_lists_and_escaped_literals_are_not_reported_and_resolve_at_run_time()
    {
        const string json = """
            {
              "mysql": { "demo": { "hosts": ["${env:DB_HOST}"], "database": "d", "password": "${file:/run/secrets/db}",
                "options": { "CertificatePassword": "${env:CERT_PW}", "ApplicationName": "cost $${not-a-ref}" } } }
            }
            """;
        var run = GeneratorHarness.Run(json);

        Assert.Empty(run.Diagnostics);
        var source = run.Sources["Db.g.cs"];
        Assert.Contains("[\"CertificatePassword\"] = \"${env:CERT_PW}\"", source, StringComparison.Ordinal);
        Assert.Contains("context.ResolveMap(", source, StringComparison.Ordinal);
        Assert.Contains("context.ResolveList(", source, StringComparison.Ordinal);
        Assert.Empty(run.CompilationProblems);
    }

    private static void AssertNotCompiledIn(GeneratorRun run, string secret)
    {
        Assert.All(run.Sources.Values, source => Assert.DoesNotContain(secret, source, StringComparison.Ordinal));
        Assert.DoesNotContain(secret, string.Concat(run.OutputCompilation.SyntaxTrees.Select(t => t.ToString())), StringComparison.Ordinal);
    }
}
