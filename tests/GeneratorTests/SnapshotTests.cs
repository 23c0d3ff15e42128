using GeneratorTests.Infrastructure;

namespace GeneratorTests;

/// <summary>
/// The generated files for representative configs, compared with checked-in snapshots; each must also compile
/// with no error and no warning (nullable on, documentation diagnostics on, every warning wave).
/// </summary>
public sealed class SnapshotTests
{
    [Fact]
    public void One_backend()
    {
        var run = GeneratorHarness.Run("""
            {
              // QuickStart: one embedded database
              "sqlite": {
                "local": { "path": "app.db" },
              },
            }
            """);

        VerifyClean(run, nameof(One_backend));
    }

    [Fact]
    public void Several_backends_with_every_value_shape()
    {
        var run = GeneratorHarness.Run("""
            {
              "mysql": {
                "demo": {
                  "hosts": ["127.0.0.1:3306", "127.0.0.2:3306"],
                  "database": "demo_development",
                  "username": "app",
                  "password": "${env:DEMO_MYSQL_PASSWORD}",
                  "pool": { "min": 0, "max": 50 },
                  "sslMode": "required",
                  "loadBalance": "FailOver",
                  "connectTimeout": 2.5,
                  "commandTimeout": "00:01:30",
                  "startupTimeout": "infinite",
                  "retryDelay": "250ms",
                  "options": { "AllowUserVariables": true, "DefaultCommandTimeout": 60, "ApplicationName": "demo \"quoted\" \\ é" }
                },
                "reports": { "host": "db.internal", "port": 3307, "database": "reports" }
              },
              "sqlite": {
                "local": { "path": "app.db", "writeAheadLog": false, "busyTimeout": "2s", "mode": "ReadWriteCreate" },
                "cache": { "path": ":memory:" }
              }
            }
            """);

        VerifyClean(run, nameof(Several_backends_with_every_value_shape));
    }

    [Fact]
    public void Overlays_become_environment_blocks()
    {
        var run = GeneratorHarness.Run(
        [
            ("/app/backends.json", """
                {
                  "mysql": {
                    "demo": {
                      "hosts": ["127.0.0.1:3306"],
                      "database": "demo_development",
                      "options": { "SslCa": "dev-ca.pem" }
                    }
                  },
                  "sqlite": { "local": { "path": "app.db" } }
                }
                """),
            ("/app/backends.Production.json", """
                {
                  "mysql": {
                    "demo": {
                      "hosts": ["db1.prod:3306", "db2.prod:3306"],
                      "database": "demo",
                      "pool": { "max": 200 },
                      "options": { "SslCa": "/etc/ssl/prod-ca.pem", "Pooling": "true" }
                    }
                  }
                }
                """),
            ("/app/backends.Development.json", """
                { "sqlite": { "local": { "path": "dev.db" } } }
                """),
        ]);

        VerifyClean(run, nameof(Overlays_become_environment_blocks));
    }

    [Fact]
    public void Odd_names_become_PascalCase_and_bad_ones_are_diagnosed()
    {
        var run = GeneratorHarness.Run("""
            {
              "sqlite": {
                "order-archive": { "path": "a.db" },
                "audit_log": { "path": "b.db" },
                "eu.reports": { "path": "c.db" },
                "2fa": { "path": "d.db" },
                "Order_Archive": { "path": "e.db" }
              }
            }
            """);

        Assert.Equal(
            """
            BG0004 Error /app/backends.json(6,5)-(6,10): The connection name '2fa' cannot become a C# identifier: it starts with a digit, which C# identifiers cannot; start it with a letter, for example "sqlite-2fa"
            BG0005 Error /app/backends.json(7,5)-(7,20): The connection 'Order_Archive' (identifier OrderArchive) collides with 'order-archive' on line 3 (identifier OrderArchive): rename one of them, as names must differ in more than case and separators

            """,
            run.DiagnosticsText);
        Snapshot.Verify(nameof(Odd_names_become_PascalCase_and_bad_ones_are_diagnosed) + ".Db.g", run.Sources["Db.g.cs"]);
        Assert.DoesNotContain(run.CompilationProblems, d => !d.Id.StartsWith("BG", StringComparison.Ordinal));
    }

    [Fact]
    public void Namespace_and_class_name_come_from_MSBuild()
    {
        var run = GeneratorHarness.Run(
            """{ "sqlite": { "local": { "path": "app.db" } } }""",
            new Dictionary<string, string> { ["RootNamespace"] = "MyApp", ["BackendsNamespace"] = "Company.Data", ["BackendsClassName"] = "Stores" });

        Assert.Equal(["Stores.g.cs", "StoresServiceCollectionExtensions.g.cs"], run.Sources.Keys.Order(StringComparer.Ordinal));
        VerifyClean(run, nameof(Namespace_and_class_name_come_from_MSBuild));
    }

    [Fact]
    public void Without_a_root_namespace_the_code_goes_in_the_global_namespace()
    {
        var run = GeneratorHarness.Run("""{ "sqlite": { "local": { "path": "app.db" } } }""", new Dictionary<string, string>());

        Assert.DoesNotContain("namespace ", run.Sources["Db.g.cs"], StringComparison.Ordinal);
        VerifyClean(run, nameof(Without_a_root_namespace_the_code_goes_in_the_global_namespace));
    }

    [Fact]
    public void A_project_named_with_dashes_gets_a_valid_namespace()
    {
        var run = GeneratorHarness.Run("""{ "sqlite": { "local": { "path": "app.db" } } }""", new Dictionary<string, string> { ["RootNamespace"] = "my-app.2024" });

        Assert.Contains("namespace my_app._2024;", run.Sources["Db.g.cs"], StringComparison.Ordinal);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void A_third_party_adapter_in_the_compilation_with_every_setting_type()
    {
        var compilation = GeneratorHarness.CreateCompilation(TestSources.Program, TestSources.CustomAdapter);
        var run = GeneratorHarness.Run(
            [
                ("/app/backends.json", """
                    {
                      "custom": {
                        "edge": {
                          "endpoints": ["a:1", "b:2"],
                          "zones": "eu-west",
                          "max-items": 100,
                          "ratio": 0.25,
                          "level": "high",
                          "idle": 90,
                          "tags": { "team": "core" },
                          "headers": { "X-Trace": "on" },
                          "limits": { "maxBytes": 1e6, "label": "${env:LIMIT_LABEL}", "retry": { "attempts": 3 } },
                          "token": "${file:/run/secrets/edge-token}"
                        },
                        "bare": { "endpoint": "c:3", "level": null, "tags": null }
                      }
                    }
                    """),
                ("/app/backends.Staging.json", """
                    { "custom": { "edge": { "tags": { "stage": "yes" }, "limits": { "retry": { "note": "staging" } }, "endpoints": "s:1" } } }
                    """),
            ],
            compilation: compilation);

        VerifyClean(run, nameof(A_third_party_adapter_in_the_compilation_with_every_setting_type));
    }

    [Fact]
    public void Empty_config_yields_an_empty_registry()
    {
        var run = GeneratorHarness.Run("{}");

        VerifyClean(run, nameof(Empty_config_yields_an_empty_registry));
    }

    [Fact]
    public void A_literal_secret_is_left_out_of_the_generated_code()
    {
        var run = GeneratorHarness.Run("""
            { "mysql": { "demo": { "host": "localhost", "database": "demo", "password": "hunter2" } } }
            """);

        var warning = Assert.Single(run.Diagnostics);
        Assert.Equal("BG0011", warning.Id);
        Assert.DoesNotContain("hunter2", run.Sources["Db.g.cs"], StringComparison.Ordinal);
        Snapshot.Verify(nameof(A_literal_secret_is_left_out_of_the_generated_code) + ".Db.g", run.Sources["Db.g.cs"]);
        Assert.Empty(run.CompilationProblems);
    }

    private static void VerifyClean(GeneratorRun run, string name)
    {
        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        Assert.NotEmpty(run.Sources);
        foreach (var (hintName, text) in run.Sources)
        {
            Snapshot.Verify(name + "." + Path.GetFileNameWithoutExtension(hintName), text);
        }

        Assert.Empty(run.CompilationProblems);
    }
}
