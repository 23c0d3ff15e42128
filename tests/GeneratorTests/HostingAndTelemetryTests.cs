using System.Reflection;
using System.Runtime.Loader;
using GeneratorTests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GeneratorTests;

/// <summary>
/// <c>AddBackends</c> is generated only when Backends.Hosting is referenced; <c>Db.ActivitySourceNames</c> and
/// <c>Db.MeterNames</c> hold <c>"Backends"</c> plus the driver names the adapters in use declare on their attribute.
/// </summary>
public sealed class HostingAndTelemetryTests
{
    private const string SqliteOnly = """{ "sqlite": { "local": { "path": "app.db" } } }""";

    private const string MySqlAndSqlite = """
        {
          "mysql": { "demo": { "host": "127.0.0.1", "database": "demo" } },
          "sqlite": { "local": { "path": "app.db" } }
        }
        """;

    [Fact]
    public void AddBackends_is_generated_when_Backends_Hosting_is_referenced()
    {
        var run = GeneratorHarness.Run(SqliteOnly);

        Assert.Equal(["Db.g.cs", "DbServiceCollectionExtensions.g.cs"], run.Sources.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("global::Backends.Hosting.BackendServiceCollectionExtensions.AddBackendRegistry(", run.Sources["DbServiceCollectionExtensions.g.cs"], StringComparison.Ordinal);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void Without_Backends_Hosting_no_AddBackends_is_generated_and_the_rest_is_unchanged()
    {
        var withoutHosting = GeneratorHarness.References.Where(r => !Path.GetFileName(r.Display ?? "").StartsWith("Backends.Hosting", StringComparison.Ordinal)).ToList();
        Assert.True(withoutHosting.Count < GeneratorHarness.References.Length, "the harness references Backends.Hosting");
        var compilation = GeneratorHarness.CreateCompilation(withoutHosting, TestSources.Program);

        var run = GeneratorHarness.Run([("/app/backends.json", SqliteOnly)], compilation: compilation);

        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        Assert.Equal(["Db.g.cs"], run.Sources.Keys);
        Assert.Equal(GeneratorHarness.Run(SqliteOnly).Sources["Db.g.cs"], run.Sources["Db.g.cs"]);
        Snapshot.Verify(nameof(Without_Backends_Hosting_no_AddBackends_is_generated_and_the_rest_is_unchanged) + ".Db.g", run.Sources["Db.g.cs"]);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void Telemetry_names_are_Backends_plus_the_drivers_of_the_adapters_in_use()
    {
        var run = GeneratorHarness.Run(MySqlAndSqlite);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);

        var db = Load(run.OutputCompilation).GetType("MyApp.Db", throwOnError: true)!;

        // MySqlConnector declares an ActivitySource and a Meter; Microsoft.Data.Sqlite neither.
        Assert.Equal(["Backends", "MySqlConnector"], Read(db, "ActivitySourceNames"));
        Assert.Equal(["Backends", "MySqlConnector"], Read(db, "MeterNames"));
        Assert.NotSame(Read(db, "ActivitySourceNames"), Read(db, "ActivitySourceNames"));
    }

    [Fact]
    public void Telemetry_names_of_a_config_without_driver_instrumentation_are_Backends_alone()
    {
        var run = GeneratorHarness.Run(SqliteOnly);

        var db = Load(run.OutputCompilation).GetType("MyApp.Db", throwOnError: true)!;

        Assert.Equal(["Backends"], Read(db, "ActivitySourceNames"));
        Assert.Equal(["Backends"], Read(db, "MeterNames"));
    }

    [Fact]
    public void The_MongoDB_adapter_adds_the_drivers_activity_source_and_no_meter()
    {
        var run = MongoHarness.Run("""{ "mongodb": { "events": { "hosts": ["127.0.0.1:27017"], "database": "events" } } }""", "namespace MyApp;");

        Assert.Empty(run.Diagnostics);
        Assert.Contains(
            "public static string[] ActivitySourceNames => new string[] { global::Backends.Runtime.BackendsTelemetry.Name, \"MongoDB.Driver\" };",
            run.Sources["Db.g.cs"],
            StringComparison.Ordinal);
        Assert.Contains(
            "public static string[] MeterNames => new string[] { global::Backends.Runtime.BackendsTelemetry.Name };",
            run.Sources["Db.g.cs"],
            StringComparison.Ordinal);
    }

    private static string[] Read(Type db, string property) =>
        Assert.IsType<string[]>(db.GetProperty(property, BindingFlags.Public | BindingFlags.Static)!.GetValue(null));

    /// <summary>Emits the compilation (generated code included) and loads it into a collectible context.</summary>
    private static Assembly Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        stream.Position = 0;
        return new AssemblyLoadContext("generated-" + Guid.NewGuid().ToString("N"), isCollectible: true).LoadFromStream(stream);
    }
}
