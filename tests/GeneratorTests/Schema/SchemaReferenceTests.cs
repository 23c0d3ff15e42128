using GeneratorTests.Infrastructure;

namespace GeneratorTests.Schema;

/// <summary>
/// A backends file may name its JSON schema (<c>"$schema": "obj/backends.schema.json"</c>) so that editors complete and
/// check it: the generator takes that member for what it is, not for a backend kind.
/// </summary>
public sealed class SchemaReferenceTests
{
    [Fact]
    public void A_schema_reference_at_the_top_level_is_not_a_backend_kind()
    {
        const string json = """
            {
              "$schema": "obj/backends.schema.json",
              "sqlite": { "local": { "path": "app.db" } }
            }
            """;
        var run = GeneratorHarness.Run(json);

        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        Assert.Contains(run.Sources.Values, s => s.Contains("Sqlite.Local", StringComparison.Ordinal) || s.Contains("Local", StringComparison.Ordinal));
    }

    [Fact]
    public void A_schema_reference_in_an_overlay_is_not_a_backend_kind_either()
    {
        var run = GeneratorHarness.Run([
            ("/app/backends.json", """{ "$schema": "obj/backends.schema.json", "sqlite": { "local": { "path": "app.db" } } }"""),
            ("/app/backends.Production.json", """{ "$schema": "obj/backends.overlay.schema.json", "sqlite": { "local": { "path": "/data/app.db" } } }"""),
        ]);

        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
    }
}
