using System.Text.Json;
using GeneratorTests.Infrastructure;
using Json.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GeneratorTests.Schema;

/// <summary>
/// The schema a user's build composes (<see cref="ConfigSchemaWriter.Root"/>, the same text as the package targets
/// write to obj/backends.schema.json) checked with an independent validator, JsonSchema.Net: it accepts every backends
/// file of the samples and tests, and rejects each diagnostic test case of tests/GeneratorTests that a schema can
/// express, one test per class of case.
/// </summary>
public sealed class ConfigSchemaValidationTests
{
    private static readonly JsonDocumentOptions s_jsonc = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly Lazy<JsonSchema> s_base = new(() => Build(overlay: false));
    private static readonly Lazy<JsonSchema> s_overlay = new(() => Build(overlay: true));

    private static JsonSchema Build(bool overlay) =>
        JsonSchema.FromText(
            ConfigSchemaWriter.Root(SchemaCatalogue.Sections, overlay),
            new BuildOptions { SchemaRegistry = new SchemaRegistry() },
            new Uri(overlay ? "https://schema.invalid/backends.overlay.schema.json" : "https://schema.invalid/backends.schema.json"));

    private static EvaluationResults Evaluate(string json, bool overlay = false)
    {
        using var document = JsonDocument.Parse(json, s_jsonc);
        return (overlay ? s_overlay : s_base).Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Errors(EvaluationResults results) => string.Join("\n", (results.Details ?? [])
        .Where(d => d.Errors is { Count: > 0 })
        .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));

    public static TheoryData<string> ConfigFiles()
    {
        var files = new TheoryData<string>();
        foreach (var folder in new[] { "samples", "tests" })
        {
            foreach (var file in Directory.EnumerateFiles(Repository.PathOf(folder), "backends*.json", SearchOption.AllDirectories)
                         .Where(f => !f.Replace('\\', '/').Contains("/bin/", StringComparison.Ordinal) && !f.Replace('\\', '/').Contains("/obj/", StringComparison.Ordinal))

                         // The schema composed here covers the built-in adapters; the worked third-party adapter's kind
                         // ("files", docs/adapters.md) ships no schema fragment, so its app's file is not for this schema.
                         .Where(f => !f.Replace('\\', '/').Contains("/samples/ThirdPartyAdapter/", StringComparison.Ordinal))
                         .Order(StringComparer.Ordinal))
            {
                files.Add(Path.GetRelativePath(Repository.Root, file).Replace('\\', '/'));
            }
        }

        return files;
    }

    [Fact]
    public void The_sample_and_test_configs_are_found() => Assert.True(ConfigFiles().Count >= 4, "too few backends files found under samples/ and tests/");

    [Theory]
    [MemberData(nameof(ConfigFiles))]
    public void The_schema_accepts_every_backends_file_of_the_samples_and_tests(string file)
    {
        var overlay = !string.Equals(Path.GetFileName(file), "backends.json", StringComparison.OrdinalIgnoreCase);
        var results = Evaluate(File.ReadAllText(Repository.PathOf(file)), overlay);
        Assert.True(results.IsValid, $"{file} is rejected by the {(overlay ? "overlay" : "base")} schema:\n{Errors(results)}");
    }

    [Fact]
    public void The_schema_accepts_a_schema_reference_and_every_documented_spelling()
    {
        const string json = """
            {
              "$schema": "obj/backends.schema.json",
              "mysql": { "demo": { "hosts": "127.0.0.1:3306", "database": "d", "sslMode": "required", "startupTimeout": "infinite",
                                    "connectTimeout": 5, "commandTimeout": "00:01:00", "retryDelay": "250ms", "password": "${env:P}",
                                    "username": null, "options": { "Pooling": true, "MaxPoolSize": 5 } } },
              "memcached": { "sessions": { "hosts": ["127.0.0.1:11211"] } },
              "mongodb": { "events": { "hosts": ["127.0.0.1:27017"], "database": "events",
                "collections": { "users": { "type": "MyApp.User", "indexes": [["email"], ["lastName", "-createdAt"]], "unique": [["email"]],
                                            "ttl": { "field": "expiresAt", "seconds": 3600 } } } } },
              "sqlite": { "local": { "path": "app.db" } },
              "dynamodb": { "main": { "serviceUrl": "http://127.0.0.1:8000", "region": "us-east-1",
                "tables": { "orders": { "type": "MyApp.Order", "hashKey": "customerId", "rangeKey": "orderId", "readCapacity": 5, "writeCapacity": 5,
                                        "indexes": { "byEmail": { "hashKey": "email", "rangeKey": "createdAt", "readCapacity": 1, "writeCapacity": 1 } },
                                        "ttl": "expiresAt" },
                            "users": { "type": "MyApp.User", "hashKey": "id" } } } },
              "stores": { "records": { "cache": "memcached.sessions", "storage": "mysql.demo", "cacheTtl": "5m", "maxPendingWrites": 100 } }
            }
            """;
        var results = Evaluate(json);
        Assert.True(results.IsValid, Errors(results));
    }

    [Fact]
    public void The_schema_accepts_repositories_of_the_documented_shape_in_the_base_file_only()
    {
        Assert.True(Evaluate("""{ "repositories": { "users": "mongodb.events.users", "orders": "dynamodb.main.orders" } }""").IsValid);
        Assert.False(Evaluate("""{ "repositories": { "users": "mongodb.events" } }""").IsValid);   // BG0121
        Assert.False(Evaluate("""{ "repositories": { "users": 42 } }""").IsValid);                 // BG0121
        Assert.False(Evaluate("""{ "repositories": ["mongodb.events.users"] }""").IsValid);        // BG0121
        Assert.False(Evaluate("""{ "repositories": { "users": "mongodb.events.users" } }""", overlay: true).IsValid); // BG0123
    }

    [Fact]
    public void An_overlay_needs_no_required_setting_and_declares_no_data()
    {
        Assert.True(Evaluate("""{ "mysql": { "demo": { "password": "${env:P}" } } }""", overlay: true).IsValid);
        Assert.False(Evaluate("""{ "mysql": { "demo": { "password": "${env:P}" } } }""").IsValid);
        Assert.False(Evaluate("""{ "mongodb": { "e": { "collections": { "u": { "type": "T" } } } } }""", overlay: true).IsValid);
        Assert.False(Evaluate("""{ "dynamodb": { "m": { "tables": { "orders": { "type": "T", "hashKey": "id" } } } } }""", overlay: true).IsValid);
    }

    [Fact]
    public void The_schema_rejects_a_table_without_its_hash_key_an_unknown_table_key_and_a_name_DynamoDB_refuses()
    {
        static string Table(string name, string body) => $$"""{ "dynamodb": { "m": { "tables": { "{{name}}": {{body}} } } } }""";
        Assert.True(Evaluate(Table("orders", """{ "type": "T", "hashKey": "id" }""")).IsValid);
        Assert.False(Evaluate(Table("orders", """{ "type": "T" }""")).IsValid);
        Assert.False(Evaluate(Table("orders", """{ "type": "T", "hashKey": "id", "hashkey": "id" }""")).IsValid);
        Assert.False(Evaluate(Table("or", """{ "type": "T", "hashKey": "id" }""")).IsValid);
        Assert.False(Evaluate(Table("orders", """{ "type": "T", "hashKey": "id", "indexes": { "byEmail": { "rangeKey": "x" } } }""")).IsValid);
    }

    /// <summary>The diagnostic classes a schema can express: unknown key, wrong type, missing required, out of range.</summary>
    public static TheoryData<string> SchemaExpressibleDiagnostics() => ["BG0006", "BG0007", "BG0008", "BG0009"];

    [Theory]
    [MemberData(nameof(SchemaExpressibleDiagnostics))]
    public void The_schema_rejects_each_diagnostic_test_case_of_its_class(string id)
    {
        var cases = DiagnosticCases.Of(id);
        Assert.NotEmpty(cases);
        foreach (var (name, json) in cases)
        {
            // A real case: the generator reports this diagnostic for it, over the real adapters.
            var compilation = GeneratorHarness.CreateCompilation(SchemaCatalogue.References, TestSources.Program);
            var run = GeneratorHarness.Run([("/app/backends.json", json)], compilation: compilation);
            Assert.True(run.Diagnostics.Any(d => d.Id == id), $"{name} does not produce {id} any more:\n{json}\n{run.DiagnosticsText}");

            var results = Evaluate(json);
            Assert.False(results.IsValid, $"the schema accepts {name}, for which the build reports {id}:\n{json}");
        }
    }
}

/// <summary>
/// The backends files of DiagnosticTests' test methods for one diagnostic (<c>BG0007_*</c>), read from its source: each
/// <c>const string json</c>, and for theories the interpolated file with each <c>[InlineData]</c> first argument put in.
/// Cases over kinds the repository has no adapter for (a test's own adapter) are left out.
/// </summary>
internal static class DiagnosticCases
{
    public static IReadOnlyList<(string Name, string Json)> Of(string id)
    {
        var root = CSharpSyntaxTree.ParseText(File.ReadAllText(Repository.PathOf("tests/GeneratorTests/DiagnosticTests.cs")), GeneratorHarness.ParseOptions).GetRoot();
        var cases = new List<(string, string)>();
        foreach (var method in root.DescendantNodes().OfType<MethodDeclarationSyntax>().Where(m => m.Identifier.Text.StartsWith(id + "_", StringComparison.Ordinal)))
        {
            var name = method.Identifier.Text;
            foreach (var local in method.DescendantNodes().OfType<VariableDeclaratorSyntax>().Where(v => v.Identifier.Text == "json"))
            {
                if (local.Initializer?.Value is LiteralExpressionSyntax literal && literal.Token.Value is string json)
                {
                    cases.Add((name, json));
                }
            }

            var template = method.DescendantNodes().OfType<InterpolatedStringExpressionSyntax>().FirstOrDefault();
            var inlineData = method.AttributeLists.SelectMany(l => l.Attributes).Where(a => a.Name.ToString() == "InlineData").ToList();
            if (template is not null && inlineData.Count > 0)
            {
                foreach (var data in inlineData)
                {
                    var argument = (string)((LiteralExpressionSyntax)data.ArgumentList!.Arguments[0].Expression).Token.Value!;
                    var text = string.Concat(template.Contents.Select(c => c switch
                    {
                        InterpolatedStringTextSyntax t => t.TextToken.ValueText,
                        InterpolationSyntax => argument,
                        _ => throw new InvalidOperationException("unexpected part of " + name),
                    }));
                    cases.Add(($"{name}({argument})", text));
                }
            }
        }

        var kinds = SchemaCatalogue.Sections.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        return [.. cases.Where(c => KindsOf(c.Item2).All(kinds.Contains))];
    }

    private static IEnumerable<string> KindsOf(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return [.. document.RootElement.EnumerateObject().Select(p => p.Name)];
    }
}
