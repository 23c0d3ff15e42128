using GeneratorTests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GeneratorTests;

/// <summary>The <c>"stores"</c> section: the generated surface (snapshot, compiles clean) and one test per store diagnostic.</summary>
public sealed class StoreTests
{
    private const string Path = "/app/backends.json";

    [Fact]
    public void Tiered_stores_become_Db_Stores_DbNames_Stores_and_registry_entries()
    {
        var run = GeneratorHarness.Run("""
            {
              "mysql": { "main": { "host": "127.0.0.1", "database": "app" } },
              "sqlite": { "cache": { "path": ":memory:" }, "local": { "path": "app.db" } },
              "stores": {
                "sessions": { "cache": "sqlite.cache", "storage": "mysql.main", "cacheTtl": "5m", "maxPendingWrites": 500, "flushTimeout": "30s" },
                "order-archive": { "cache": "sqlite.cache", "storage": "sqlite.local", "cacheTtl": null, "flushTimeout": "infinite" }
              }
            }
            """);

        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        foreach (var (hintName, text) in run.Sources)
        {
            Snapshot.Verify(nameof(Tiered_stores_become_Db_Stores_DbNames_Stores_and_registry_entries) + "." + System.IO.Path.GetFileNameWithoutExtension(hintName), text);
        }

        Assert.Empty(run.CompilationProblems);
        var db = run.Sources["Db.g.cs"];
        Assert.Contains("public static global::Backends.Runtime.TieredStore Sessions => s_store_sessions;", db, StringComparison.Ordinal);
        Assert.Contains("public static global::Backends.Runtime.TieredStore OrderArchive => s_store_order_archive;", db, StringComparison.Ordinal);
        Assert.Contains("public const string Sessions = \"stores.sessions\";", db, StringComparison.Ordinal);
    }

    [Fact]
    public void BG0030_a_tier_that_names_no_declared_connection_suggests_the_nearest()
    {
        const string json = """
            {
              "mysql": { "main": { "host": "h", "database": "d" } },
              "sqlite": { "local": { "path": "app.db" } },
              "stores": { "sessions": { "cache": "sqlite.locl", "storage": "mysql.main" } }
            }
            """;
        var run = GeneratorHarness.Run(json);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0030"),
            "BG0030",
            DiagnosticSeverity.Error,
            "The store 'sessions' names 'sqlite.locl' as its cache, which is not a declared connection: did you mean 'sqlite.local'?",
            Path,
            (4, 38),
            (4, 51),
            json,
            "\"sqlite.locl\"");
        Assert.Single(run.Diagnostics);
    }

    [Fact]
    public void BG0030_without_a_near_name_lists_the_declared_connections()
    {
        const string json = """
            {
              "sqlite": { "local": { "path": "app.db" }, "other": { "path": "b.db" } },
              "stores": { "s": { "cache": "sqlite.local", "storage": "memcached.sessions" } }
            }
            """;
        var run = GeneratorHarness.Run(json);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0030"),
            "BG0030",
            DiagnosticSeverity.Error,
            "The store 's' names 'memcached.sessions' as its storage, which is not a declared connection: write \"kind.name\" of a connection declared in this file, one of 'sqlite.local', 'sqlite.other'",
            Path,
            (3, 58),
            (3, 78),
            json,
            "\"memcached.sessions\"");
    }

    [Fact]
    public void BG0031_a_tier_whose_adapter_is_not_a_key_value_store()
    {
        const string json = """
            {
              "custom": { "main": { "endpoint": "http://127.0.0.1:1" } },
              "sqlite": { "local": { "path": "app.db" } },
              "stores": { "s": { "cache": "custom.main", "storage": "sqlite.local" } }
            }
            """;
        var run = GeneratorHarness.Run([(Path, json)], compilation: GeneratorHarness.CreateCompilation(TestSources.Program, TestSources.CustomAdapter));

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0031"),
            "BG0031",
            DiagnosticSeverity.Error,
            "The store 's' uses 'custom.main' as its cache, but Custom.CustomBackend does not implement Backends.Runtime.IKeyValueStore: use a memcached, mysql, sqlite or mongodb connection",
            Path,
            (4, 31),
            (4, 44),
            json,
            "\"custom.main\"");
    }

    [Fact]
    public void BG0032_a_store_name_that_cannot_become_an_identifier()
    {
        const string json = """
            {
              "sqlite": { "a": { "path": "a.db" }, "b": { "path": "b.db" } },
              "stores": { "1st": { "cache": "sqlite.a", "storage": "sqlite.b" } }
            }
            """;
        var run = GeneratorHarness.Run(json);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0032"),
            "BG0032",
            DiagnosticSeverity.Error,
            "The store name '1st' cannot become a C# identifier: it starts with a digit: start it with a letter, for example \"store-1st\"",
            Path,
            (3, 15),
            (3, 20),
            json,
            "\"1st\"");
        Assert.Single(run.Diagnostics);
    }

    [Fact]
    public void BG0033_the_same_connection_as_both_tiers()
    {
        const string json = """
            {
              "sqlite": { "a": { "path": "a.db" } },
              "stores": { "s": { "cache": "sqlite.a", "storage": "sqlite.a" } }
            }
            """;
        var run = GeneratorHarness.Run(json);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0033"),
            "BG0033",
            DiagnosticSeverity.Error,
            "The store 's' uses 'sqlite.a' as both its cache and its storage: a store needs two different connections",
            Path,
            (3, 54),
            (3, 64),
            json,
            "\"sqlite.a\"");
        Assert.Single(run.Diagnostics);
    }

    [Fact]
    public void Unknown_store_keys_and_bad_values_are_reported_on_their_lines()
    {
        const string json = """
            {
              "sqlite": { "a": { "path": "a.db" }, "b": { "path": "b.db" } },
              "stores": { "s": { "cache": "sqlite.a", "storage": "sqlite.b", "cacheTll": "5m", "maxPendingWrites": 0 } }
            }
            """;
        var run = GeneratorHarness.Run(json);

        var unknown = DiagnosticAssert.Single(run, "BG0006");
        Assert.Contains("'cacheTll'", unknown.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("'cacheTtl'", unknown.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(2, unknown.Location.GetLineSpan().StartLinePosition.Line);
        var range = DiagnosticAssert.Single(run, "BG0009");
        Assert.Contains("maxPendingWrites", range.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(2, range.Location.GetLineSpan().StartLinePosition.Line);
    }
}
