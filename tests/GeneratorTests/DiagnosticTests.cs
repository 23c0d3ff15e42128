using GeneratorTests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GeneratorTests;

/// <summary>One test per diagnostic: id, severity, exact message and exact span in the file that caused it.</summary>
public sealed class DiagnosticTests
{
    private const string Path = "/app/backends.json";

    [Fact]
    public void BG0001_malformed_json_points_at_the_error()
    {
        const string json = """
            {
              "sqlite": {
                "local": { "path": "app.db" "mode": "ReadOnly" }
              }
            }
            """;
        var run = GeneratorHarness.Run(json);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0001"),
            "BG0001",
            DiagnosticSeverity.Error,
            "Malformed JSON: expected ',' or '}' after the value of \"path\" (separate members with commas), found '\"'",
            Path,
            (3, 33),
            (3, 34),
            json,
            "\"");
        Assert.Single(run.Diagnostics);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void BG0002_unknown_kind_suggests_the_nearest()
    {
        const string json = """
            {
              "mysq": { "demo": { "host": "h", "database": "d" } }
            }
            """;
        var run = GeneratorHarness.Run(json);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0002"),
            "BG0002",
            DiagnosticSeverity.Error,
            "'mysq' is not a backend kind: did you mean 'mysql'?",
            Path,
            (2, 3),
            (2, 9),
            json,
            "\"mysq\"");
        Assert.Single(run.Diagnostics);
    }

    [Fact]
    public void BG0002_unknown_kind_without_a_near_one_lists_the_kinds()
    {
        var run = GeneratorHarness.Run("""{ "oracle": { "main": {} } }""");

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0002"),
            "BG0002",
            DiagnosticSeverity.Error,
            "'oracle' is not a backend kind: write one of memcached, mongodb, mysql, sqlite, or reference the adapter package that serves it",
            Path,
            (1, 3),
            (1, 11));
    }

    [Fact]
    public void BG0003_kind_without_its_adapter_names_the_package()
    {
        const string json = """
            {
              "sqlite": { "local": { "path": "app.db" } },
              "mongodb": { "events": { "hosts": ["127.0.0.1:27017"], "database": "events" } }
            }
            """;
        var run = GeneratorHarness.Run(json);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0003"),
            "BG0003",
            DiagnosticSeverity.Error,
            "The 'mongodb' backend needs its adapter, which this project does not reference: add a reference to the Backends.MongoDb package",
            Path,
            (3, 3),
            (3, 12),
            json,
            "\"mongodb\"");
        Assert.Single(run.Diagnostics);
        Assert.Contains("Local", run.Sources["Db.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void BG0004_name_that_cannot_become_an_identifier()
    {
        const string json = """
            {
              "sqlite": {
                "2fa": { "path": "2fa.db" },
                "ok": { "path": "ok.db" }
              }
            }
            """;
        var run = GeneratorHarness.Run(json);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0004"),
            "BG0004",
            DiagnosticSeverity.Error,
            "The connection name '2fa' cannot become a C# identifier: it starts with a digit, which C# identifiers cannot; start it with a letter, for example \"sqlite-2fa\"",
            Path,
            (3, 5),
            (3, 10),
            json,
            "\"2fa\"");
        Assert.Single(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
    }

    [Theory]
    [InlineData("user@host", "'@' cannot appear in an identifier: use letters, digits, '-', '_' or '.'")]
    [InlineData("--", "it has no letters or digits: write a name such as \"main\"")]
    [InlineData("sqlite", "it becomes Sqlite, the name of the class that holds it: choose another name")]
    [InlineData("to-string", "it becomes ToString, which would hide the ToString method every class has: choose another name")]
    public void BG0004_other_reasons(string name, string reason)
    {
        var run = GeneratorHarness.Run($$"""{ "sqlite": { "{{name}}": { "path": "x.db" } } }""");

        Assert.Equal(
            $"The connection name '{name}' cannot become a C# identifier: {reason}",
            DiagnosticAssert.Single(run, "BG0004").GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void BG0005_names_that_collide_after_PascalCasing()
    {
        const string json = """
            {
              "sqlite": {
                "order-archive": { "path": "a.db" },
                "order_archive": { "path": "b.db" }
              }
            }
            """;
        var run = GeneratorHarness.Run(json);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0005"),
            "BG0005",
            DiagnosticSeverity.Error,
            "The connection 'order_archive' (identifier OrderArchive) collides with 'order-archive' on line 3 (identifier OrderArchive): rename one of them, as names must differ in more than case and separators",
            Path,
            (4, 5),
            (4, 20),
            json,
            "\"order_archive\"");
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void BG0006_unknown_setting_suggests_the_nearest_key()
    {
        const string json = """
            {
              "mysql": {
                "demo": { "hosts": ["h:1"], "databse": "d", "database": "d" }
              }
            }
            """;
        var run = GeneratorHarness.Run(json);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0006"),
            "BG0006",
            DiagnosticSeverity.Error,
            "'databse' is not a setting of mysql connections: did you mean 'database'?",
            Path,
            (3, 33),
            (3, 42),
            json,
            "\"databse\"");
        Assert.Single(run.Diagnostics);
    }

    [Fact]
    public void BG0006_unknown_nested_setting()
    {
        const string json = """
            { "mysql": { "demo": { "host": "h", "database": "d", "pool": { "maxx": 5 } } } }
            """;
        var run = GeneratorHarness.Run(json);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0006"),
            "BG0006",
            DiagnosticSeverity.Error,
            "'maxx' is not a setting of 'pool' in mysql connections: did you mean 'max'?",
            Path,
            (1, 64),
            (1, 70),
            json,
            "\"maxx\"");
    }

    [Fact]
    public void BG0007_wrong_value_type_names_the_expected_json()
    {
        const string json = """
            {
              "mysql": {
                "demo": {
                  "host": "h",
                  "database": "d",
                  "port": "3306"
                }
              }
            }
            """;
        var run = GeneratorHarness.Run(json);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0007"),
            "BG0007",
            DiagnosticSeverity.Error,
            "'port' of mysql.demo must be a whole number, for example 10, but is the string \"3306\"",
            Path,
            (6, 15),
            (6, 21),
            json,
            "\"3306\"");
        Assert.Single(run.Diagnostics);
    }

    [Theory]
    [InlineData("\"sslMode\": \"maybe\"", "'sslMode' of mysql.demo must be one of None, Disabled, Preferred, Required, VerifyCA, VerifyFull, for example \"None\", but is the string \"maybe\"")]
    [InlineData("\"startupTimeout\": \"soon\"", "'startupTimeout' of mysql.demo must be a duration (\"500ms\", \"30s\", \"5m\", \"1h\", \"00:00:30\", \"infinite\" or a number of seconds), for example \"30s\", but is the string \"soon\"")]
    [InlineData("\"hosts\": [\"a\", 1]", "Each item of 'hosts' of mysql.demo must be a string, for example \"text\", but is the number 1")]
    [InlineData("\"pool\": 5", "'pool' of mysql.demo must be an object, for example { }, but is the number 5")]
    [InlineData("\"username\": 5", "'username' of mysql.demo must be a string or null, for example \"...\", but is the number 5")]
    [InlineData("\"port\": null", "'port' of mysql.demo must be a whole number, for example 10, but is null")]
    [InlineData("\"port\": 1.5", "'port' of mysql.demo must be a whole number, for example 10, but is the number 1.5")]
    [InlineData("\"options\": { \"a\": [] }", "'options:a' of mysql.demo must be a string, number or boolean, for example \"value\", but is an array")]
    public void BG0007_other_types(string member, string message)
    {
        var run = GeneratorHarness.Run($$"""{ "mysql": { "demo": { "host": "h", "database": "d", {{member}} } } }""");

        Assert.Equal(message, DiagnosticAssert.Single(run, "BG0007").GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void BG0008_missing_required_settings_point_at_the_connection()
    {
        const string json = """
            {
              "mysql": {
                "demo": { "username": "app" }
              }
            }
            """;
        var run = GeneratorHarness.Run(json);

        var missing = run.Diagnostics.Where(d => d.Id == "BG0008").OrderBy(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal).ToList();
        Assert.Equal(2, missing.Count);
        DiagnosticAssert.Is(
            missing[0],
            "BG0008",
            DiagnosticSeverity.Error,
            "mysql.demo lacks one of the settings 'hosts', 'host': add \"hosts\": [\"...\"]",
            Path,
            (3, 5),
            (3, 11),
            json,
            "\"demo\"");
        DiagnosticAssert.Is(
            missing[1],
            "BG0008",
            DiagnosticSeverity.Error,
            "mysql.demo lacks the required setting 'database': add \"database\": \"...\"",
            Path,
            (3, 5),
            (3, 11),
            json,
            "\"demo\"");
        Assert.Equal(2, run.Diagnostics.Length);
    }

    [Fact]
    public void BG0008_nested_required_setting_is_checked_when_the_object_is_written()
    {
        var compilation = GeneratorHarness.CreateCompilation(TestSources.Program, TestSources.CustomAdapter);
        const string json = """
            { "custom": { "a": { "endpoint": "e", "limits": { "retry": { } } } } }
            """;
        var run = GeneratorHarness.Run([(Path, json)], compilation: compilation);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0008"),
            "BG0008",
            DiagnosticSeverity.Error,
            "custom.a:limits:retry lacks the required setting 'attempts': add \"attempts\": 10",
            Path,
            (1, 51),
            (1, 58),
            json,
            "\"retry\"");
    }

    [Fact]
    public void BG0009_number_out_of_range()
    {
        const string json = """
            {
              "mysql": {
                "demo": { "host": "h", "database": "d", "port": 70000, "pool": { "max": 0 } }
              }
            }
            """;
        var run = GeneratorHarness.Run(json);

        var outOfRange = run.Diagnostics.Where(d => d.Id == "BG0009").OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(2, outOfRange.Count);
        DiagnosticAssert.Is(
            outOfRange[0],
            "BG0009",
            DiagnosticSeverity.Error,
            "'port' of mysql.demo is 70000, which is out of range: write a whole number from 1 to 65535",
            Path,
            (3, 53),
            (3, 58),
            json,
            "70000");
        DiagnosticAssert.Is(
            outOfRange[1],
            "BG0009",
            DiagnosticSeverity.Error,
            "'pool:max' of mysql.demo is 0, which is out of range: write a whole number from 1 to 1000",
            Path,
            (3, 77),
            (3, 78),
            json,
            "0");
    }

    [Fact]
    public void BG0010_overlay_declares_a_connection_or_kind_the_base_lacks()
    {
        const string overlay = """
            {
              "sqlite": { "local": { "path": "prod.db" }, "extra": { "path": "x.db" } },
              "mysql": { "demo": { "host": "h", "database": "d" } }
            }
            """;
        var run = GeneratorHarness.Run(
        [
            (Path, """{ "sqlite": { "local": { "path": "app.db" } } }"""),
            ("/app/backends.Production.json", overlay),
        ]);

        var problems = run.Diagnostics.Where(d => d.Id == "BG0010").OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(2, problems.Count);
        DiagnosticAssert.Is(
            problems[0],
            "BG0010",
            DiagnosticSeverity.Error,
            "backends.Production.json declares the connection 'sqlite.extra', which backends.json lacks: declare it in backends.json first, as overlays only change values",
            "/app/backends.Production.json",
            (2, 47),
            (2, 54),
            overlay,
            "\"extra\"");
        DiagnosticAssert.Is(
            problems[1],
            "BG0010",
            DiagnosticSeverity.Error,
            "backends.Production.json declares the backend kind 'mysql', which backends.json lacks: declare it in backends.json first, as overlays only change values",
            "/app/backends.Production.json",
            (3, 3),
            (3, 10),
            overlay,
            "\"mysql\"");
        Assert.Equal(2, run.Diagnostics.Length);
        Assert.Contains("\"prod.db\"", run.Sources["Db.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void BG0011_literal_secret_is_a_warning_and_is_not_compiled_in()
    {
        const string json = """
            {
              "mysql": {
                "demo": { "host": "h", "database": "d", "password": "s3cret!" }
              }
            }
            """;
        var run = GeneratorHarness.Run(json);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0011"),
            "BG0011",
            DiagnosticSeverity.Warning,
            "The secret 'password' of mysql.demo is written as a literal, so it is NOT compiled into the assembly and is unset at run time: write \"${env:NAME}\" or \"${file:/run/secrets/x}\" instead, or set the variable Backends__mysql__demo__password",
            Path,
            (3, 57),
            (3, 66),
            json,
            "\"s3cret!\"");
        Assert.All(run.Sources.Values, source => Assert.DoesNotContain("s3cret", source, StringComparison.Ordinal));
        Assert.DoesNotContain("s3cret", string.Concat(run.OutputCompilation.SyntaxTrees.Select(t => t.ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public void BG0011_is_not_reported_for_references_or_empty_secrets()
    {
        var run = GeneratorHarness.Run("""
            { "mysql": {
              "a": { "host": "h", "database": "d", "password": "${env:A_PASSWORD}" },
              "b": { "host": "h", "database": "d", "password": "${file:/run/secrets/b}" },
              "c": { "host": "h", "database": "d", "password": "" } } }
            """);

        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void BG0012_overlay_without_a_base_file()
    {
        var run = GeneratorHarness.Run([("/app/backends.Production.json", """{ "sqlite": { "local": { "path": "x.db" } } }""")]);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0012"),
            "BG0012",
            DiagnosticSeverity.Error,
            "backends.Production.json overlays backends.json, but the project has no backends.json: add backends.json with every connection, or rename this file to backends.json",
            "/app/backends.Production.json",
            (1, 1),
            (1, 1));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void BG0013_two_base_files()
    {
        var run = GeneratorHarness.Run(
        [
            ("/app/backends.json", """{ "sqlite": { "a": { "path": "a.db" } } }"""),
            ("/app/sub/backends.json", """{ "sqlite": { "b": { "path": "b.db" } } }"""),
        ]);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0013"),
            "BG0013",
            DiagnosticSeverity.Error,
            "/app/sub/backends.json is ignored because /app/backends.json is also a base file (backends.json): keep one of them in AdditionalFiles",
            "/app/sub/backends.json",
            (1, 1),
            (1, 1));
        Assert.Contains("s_sqlite_a", run.Sources["Db.g.cs"], StringComparison.Ordinal);
        Assert.DoesNotContain("s_sqlite_b", run.Sources["Db.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void BG0013_two_overlays_for_one_environment()
    {
        var run = GeneratorHarness.Run(
        [
            ("/app/backends.json", """{ "sqlite": { "a": { "path": "a.db" } } }"""),
            ("/app/backends.Production.json", """{ "sqlite": { "a": { "path": "p.db" } } }"""),
            ("/app/x/backends.production.json", """{ "sqlite": { "a": { "path": "q.db" } } }"""),
        ]);

        Assert.Equal(
            "/app/x/backends.production.json is ignored because /app/backends.Production.json is also an overlay for the environment 'Production': keep one of them in AdditionalFiles",
            DiagnosticAssert.Single(run, "BG0013").GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void BG0014_json_nested_too_deeply()
    {
        var json = new string('[', 100_000);
        var run = GeneratorHarness.Run(json);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0014"),
            "BG0014",
            DiagnosticSeverity.Error,
            "The JSON nests deeper than 64 levels here: backends files need only a few levels (kind, connection, setting), so flatten it",
            Path,
            (1, 65),
            (1, 66),
            json,
            "[");
    }

    [Fact]
    public void BG0015_file_too_large()
    {
        var json = "{\"sqlite\": {\"a\": {\"path\": \"" + new string('x', 5_000_000) + "\"}}}";
        var run = GeneratorHarness.Run(json);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0015"),
            "BG0015",
            DiagnosticSeverity.Error,
            "backends.json has 5000031 characters, more than the limit of 4194304: a backends file declares connections and their settings, so keep data out of it",
            Path,
            (1, 1),
            (1, 1));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void BG0016_invalid_adapter_declaration()
    {
        var compilation = GeneratorHarness.CreateCompilation(TestSources.Program, TestSources.InvalidAdapter);
        var run = GeneratorHarness.Run([(Path, """{ "broken": { "a": {} } }""")], compilation: compilation);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0016"),
            "BG0016",
            DiagnosticSeverity.Error,
            "The BackendAdapter declaration for 'broken' in TestApp is ignored: the handle type Broken.BrokenBackend does not derive from Backends.Runtime.BackendConnection<TInstance>; derive it from BackendConnection<TClient>",
            "Source1.cs",
            (4, 12),
            (4, 97));
        // The kind's connections are not reported again as an unknown kind.
        Assert.Single(run.Diagnostics);
    }

    [Fact]
    public void BG0017_duplicate_key()
    {
        const string json = """
            {
              "sqlite": {
                "local": { "path": "a.db", "path": "b.db" }
              }
            }
            """;
        var run = GeneratorHarness.Run(json);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0017"),
            "BG0017",
            DiagnosticSeverity.Error,
            "The key \"path\" appears twice in this object (first on line 3): remove one, this one is ignored",
            Path,
            (3, 32),
            (3, 38),
            json,
            "\"path\"");
        Assert.Contains("\"a.db\"", run.Sources["Db.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void BG0018_an_unexpected_exception_becomes_a_diagnostic_not_CS8785()
    {
        var run = GeneratorHarness.Run([new ThrowingAdditionalText(Path)]);

        Assert.Null(run.Exception);
        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0018"),
            "BG0018",
            DiagnosticSeverity.Error,
            "The BackendGen generator failed while reading backends.json (IOException: disk on fire): nothing was generated, please report this with the backends file that caused it",
            Path,
            (1, 1),
            (1, 1));
        Assert.DoesNotContain(run.OutputCompilation.GetDiagnostics(), d => d.Id == "CS8785");
    }

    [Fact]
    public void BG0019_setting_whose_type_json_cannot_set()
    {
        var compilation = GeneratorHarness.CreateCompilation(TestSources.Program, TestSources.CustomAdapter);
        const string json = """{ "custom": { "a": { "endpoint": "e", "address": "http://x" } } }""";
        var run = GeneratorHarness.Run([(Path, json)], compilation: compilation);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0019"),
            "BG0019",
            DiagnosticSeverity.Error,
            "'address' of custom.a has the type System.Uri?, which a backends file cannot set: remove it here and set it in code",
            Path,
            (1, 50),
            (1, 60),
            json,
            "\"http://x\"");
    }

    [Fact]
    public void BG0020_invalid_msbuild_property()
    {
        var run = GeneratorHarness.Run(
            """{ "sqlite": { "a": { "path": "a.db" } } }""",
            new Dictionary<string, string> { ["RootNamespace"] = "MyApp", ["BackendsClassName"] = "2Db", ["BackendsNamespace"] = "My App" });

        var problems = run.Diagnostics.Where(d => d.Id == "BG0020").OrderBy(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal).ToList();
        Assert.Equal(2, problems.Count);
        DiagnosticAssert.HasNoLocation(
            problems[0],
            "BG0020",
            DiagnosticSeverity.Error,
            "The MSBuild property BackendsClassName is '2Db', which is not a C# identifier: write a name such as Db; 'Db' is used instead");
        DiagnosticAssert.HasNoLocation(
            problems[1],
            "BG0020",
            DiagnosticSeverity.Error,
            "The MSBuild property BackendsNamespace is 'My App', which is not a C# namespace: write a dotted name such as MyApp.Data; 'MyApp' is used instead");
        Assert.Contains("namespace MyApp;", run.Sources["Db.g.cs"], StringComparison.Ordinal);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void BG0021_runtime_not_referenced()
    {
        var frameworkOnly = GeneratorHarness.References.Where(r => !System.IO.Path.GetFileName(r.Display!).StartsWith("Backends.", StringComparison.Ordinal));
        var compilation = GeneratorHarness.CreateCompilation(frameworkOnly, TestSources.Program);
        var run = GeneratorHarness.Run([(Path, """{ "sqlite": { "a": { "path": "a.db" } } }""")], compilation: compilation);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0021"),
            "BG0021",
            DiagnosticSeverity.Error,
            "backends.json declares backends, but the project does not reference Backends.Runtime: add a reference to the Backends.Runtime package (each adapter package brings it)",
            Path,
            (1, 1),
            (1, 1));
        Assert.Empty(run.Sources);
    }

    private sealed class ThrowingAdditionalText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => throw new IOException("disk on fire");
    }
}
