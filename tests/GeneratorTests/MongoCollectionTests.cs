using Backends.Generator.Features.MongoDb;
using GeneratorTests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GeneratorTests;

/// <summary>Declared MongoDB collections: the generated handle and serializers (snapshot), and each diagnostic with its location.</summary>
public sealed class MongoCollectionTests
{
    private const string Documents = """
        #pragma warning disable CS1591
        using System;
        using System.Collections.Generic;
        using MongoDB.Bson;
        using MongoDB.Bson.Serialization.Attributes;

        namespace MyApp;

        public enum Role { Reader, Writer }

        public enum Plan { Free, Paid }

        public sealed class Address
        {
            public string Street { get; set; } = "";

            public string? City { get; set; }
        }

        public sealed class User
        {
            public ObjectId Id { get; set; }

            public string Email { get; set; } = "";

            public string? LastName { get; set; }

            public int Age { get; set; }

            public long Visits { get; set; }

            public double Score { get; set; }

            public decimal Balance { get; set; }

            public bool Active { get; set; }

            public Guid ExternalId { get; set; }

            public DateTime CreatedAt { get; set; }

            public DateTime? ExpiresAt { get; set; }

            public DateTimeOffset Seen { get; set; }

            public int? Rank { get; set; }

            public Role Role { get; set; }

            [BsonRepresentation(BsonType.String)]
            public Plan Plan { get; set; }

            public byte[]? Avatar { get; set; }

            public Address? Home { get; set; }

            public List<Address> Addresses { get; set; } = new();

            public string[] Tags { get; set; } = Array.Empty<string>();

            public IReadOnlyList<int> Numbers { get; set; } = new List<int>();

            public Dictionary<string, string> Labels { get; set; } = new();

            [BsonElement("nick")]
            [BsonIgnoreIfNull]
            public string? Nickname { get; set; }

            [BsonIgnore]
            public string Computed => Email + "!";

            [BsonIgnore]
            public object? Scratch { get; set; }

            public int Field;
        }
        """;

    private const string Config = """
        {
          "mongodb": {
            "events": {
              "hosts": ["127.0.0.1:27017"],
              "database": "events",
              "collections": {
                "users": {
                  "type": "MyApp.User",
                  "indexes": [["email"], ["lastName", "-createdAt"]],
                  "unique": [["email"]],
                  "ttl": { "field": "expiresAt", "seconds": 3600 }
                }
              }
            }
          }
        }
        """;

    [Fact]
    public void A_declared_collection_gets_a_typed_handle_and_generated_serializers()
    {
        var run = MongoHarness.Run(Config, Documents);

        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Contains("public static global::MyApp.Db.MongoDb.EventsConnection Events => s_mongodb_events;", run.Sources["Db.g.cs"], StringComparison.Ordinal);
        Snapshot.Verify("Mongo_declared_collection.Db.MongoDb.g", run.Sources["Db.MongoDb.g.cs"]);
    }

    [Fact]
    public void Without_generated_serializers_the_handle_registers_the_collection_only()
    {
        var run = MongoHarness.Run(Config, Documents, new Dictionary<string, string> { ["RootNamespace"] = "MyApp", ["BackendsMongoSerializers"] = "false" });

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
        var source = run.Sources["Db.MongoDb.g.cs"];
        Assert.DoesNotContain("DbBsonSerializers", source, StringComparison.Ordinal);
        Assert.Contains("public global::MongoDB.Driver.IMongoCollection<global::MyApp.User> Users => Collection<global::MyApp.User>(\"users\");", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_that_does_not_exist_is_reported_on_its_line_with_a_did_you_mean()
    {
        var json = """
            {
              "mongodb": {
                "events": {
                  "hosts": ["127.0.0.1:27017"], "database": "events",
                  "collections": { "users": { "type": "MyApp.Usr" } }
                }
              }
            }
            """;
        var run = MongoHarness.Run(json, Documents);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0102"),
            "BG0102",
            DiagnosticSeverity.Error,
            "The type 'MyApp.Usr' of the collection 'users' is not in the compilation: did you mean 'MyApp.User'?",
            "/app/backends.json",
            (5, 43),
            (5, 54),
            json,
            "\"MyApp.Usr\"");
        Assert.Single(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void An_index_field_that_is_not_stored_is_a_warning_with_a_did_you_mean()
    {
        var json = """
            {
              "mongodb": {
                "events": {
                  "hosts": ["127.0.0.1:27017"], "database": "events",
                  "collections": { "users": { "type": "MyApp.User", "indexes": [["Email"], ["home.citty"]] } }
                }
              }
            }
            """;
        var run = MongoHarness.Run(json, Documents);

        var diagnostics = run.Diagnostics.Where(d => d.Id == "BG0105").OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(2, diagnostics.Count);
        DiagnosticAssert.Is(
            diagnostics[0],
            "BG0105",
            DiagnosticSeverity.Warning,
            "The index field 'Email' of the collection 'users' is not a stored field of MyApp.User: did you mean 'email'?",
            "/app/backends.json",
            (5, 70),
            (5, 77),
            json,
            "\"Email\"");
        DiagnosticAssert.Is(
            diagnostics[1],
            "BG0105",
            DiagnosticSeverity.Warning,
            "The index field 'home.citty' of the collection 'users' is not a stored field of MyApp.Address: did you mean 'city'?",
            "/app/backends.json",
            (5, 81),
            (5, 93),
            json,
            "\"home.citty\"");
        Assert.Equal(2, run.Diagnostics.Length);
    }

    [Fact]
    public void A_member_of_an_unsupported_type_is_reported_with_what_to_do()
    {
        var sources = """
            #pragma warning disable CS1591
            namespace MyApp;

            public sealed class Odd
            {
                public string? Id { get; set; }

                public System.Uri? Link { get; set; }
            }
            """;
        var json = """
            {
              "mongodb": {
                "events": {
                  "hosts": ["127.0.0.1:27017"], "database": "events",
                  "collections": { "odd": { "type": "MyApp.Odd" } }
                }
              }
            }
            """;
        var run = MongoHarness.Run(json, sources);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0104"),
            "BG0104",
            DiagnosticSeverity.Error,
            "The member MyApp.Odd.Link has the type System.Uri?, which the generated BSON serializer cannot store: mark it [BsonIgnore], or use a supported type (string, bool, int, long, double, decimal, Guid, DateTime, DateTimeOffset, ObjectId, byte[], an enum, a class with a parameterless constructor, List<T>, T[], IReadOnlyList<T>, Dictionary<string, T>, or Nullable<T> of these)",
            "/app/backends.json",
            (5, 41),
            (5, 52),
            json,
            "\"MyApp.Odd\"");
        Assert.Single(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void A_type_without_a_parameterless_constructor_is_reported()
    {
        var sources = """
            #pragma warning disable CS1591
            namespace MyApp;

            public sealed class Fixed(string id)
            {
                public string Id { get; set; } = id;
            }
            """;
        var json = """
            { "mongodb": { "events": { "hosts": ["h:1"], "database": "e",
              "collections": { "fixed": { "type": "MyApp.Fixed" } } } } }
            """;
        var run = MongoHarness.Run(json, sources);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0103"),
            "BG0103",
            DiagnosticSeverity.Error,
            "MyApp.Fixed cannot be stored by a generated BSON serializer: it has no parameterless constructor; add one (public or internal)",
            "/app/backends.json",
            (2, 39),
            (2, 52),
            json,
            "\"MyApp.Fixed\"");
        Assert.Single(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void Bad_shapes_are_reported_where_they_are_written()
    {
        var json = """
            {
              "mongodb": {
                "events": {
                  "hosts": ["127.0.0.1:27017"], "database": "events",
                  "collections": {
                    "users": { "type": "MyApp.User", "indexes": ["email"], "uniq": [["email"]], "ttl": { "field": "expiresAt", "seconds": -1 } },
                    "notes": { "indexes": [] },
                    "system.x": { "type": "MyApp.User" },
                    "ok": 3
                  }
                }
              }
            }
            """;
        var run = MongoHarness.Run(json, Documents);

        Assert.Null(run.Exception);
        Assert.Equal(
            """
            BG0100 Error /app/backends.json(6,54)-(6,61): An index in 'indexes' of collection 'users' of mongodb.events is the string "email": write a list of indexes, each a list of field names: [["email"], ["lastName", "-createdAt"]]
            BG0100 Error /app/backends.json(6,64)-(6,70): 'uniq' in collection 'users' of mongodb.events is not a collection setting: write "unique"
            BG0100 Error /app/backends.json(6,127)-(6,129): The seconds of 'ttl' of collection 'users' of mongodb.events is the number -1: write a whole number of seconds from 0 to 2147483647, such as 3600
            BG0100 Error /app/backends.json(7,9)-(7,16): The collection 'notes' of mongodb.events is missing its "type": write "type": "MyApp.User" (the document class's full name)
            BG0101 Error /app/backends.json(8,9)-(8,19): The collection name 'system.x' cannot be used: names starting with 'system.' are reserved by MongoDB
            BG0100 Error /app/backends.json(9,15)-(9,16): The collection 'ok' of mongodb.events is the number 3: write an object such as { "type": "MyApp.User" }

            """,
            run.DiagnosticsText);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void Collections_in_an_overlay_are_reported()
    {
        var compilation = GeneratorHarness.CreateCompilation(GeneratorHarness.References, TestSources.Program);
        var run = MongoHarness.Run(Config, Documents);
        Assert.Empty(run.Diagnostics);

        var overlay = """
            { "mongodb": { "events": { "collections": { "users": { "type": "MyApp.User" } } } } }
            """;
        var both = GeneratorHarness.Run(
            [("/app/backends.json", Config), ("/app/backends.Production.json", overlay)],
            compilation: run.OutputCompilation.RemoveSyntaxTrees(run.OutputCompilation.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal))));
        Assert.NotNull(compilation);
        DiagnosticAssert.Is(
            DiagnosticAssert.Single(both, "BG0106"),
            "BG0106",
            DiagnosticSeverity.Error,
            "backends.Production.json declares collections for mongodb.events: declare collections in backends.json only, as they shape the generated code",
            "/app/backends.Production.json",
            (1, 28),
            (1, 41),
            overlay,
            "\"collections\"");
        Assert.Single(both.Diagnostics);
    }

    [Fact]
    public void An_unrelated_edit_keeps_the_mongo_steps_unchanged_and_an_edited_document_type_regenerates()
    {
        var compilation = GeneratorHarness.CreateCompilation(MongoHarness.References, TestSources.Program, Documents);
        var driver = GeneratorHarness.CreateDriver([new InMemoryAdditionalText("/app/backends.json", Config)]).RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        string[] steps = [MongoPipeline.DeclaredDataStep, MongoPipeline.CollectionsStep, MongoPipeline.DocumentsStep, MongoPipeline.ModelStep, MongoPipeline.HandlesStep];
        IncrementalRuns.AssertEquatableModels(first, steps);

        var rerun = driver.RunGenerators(IncrementalRuns.WithUnrelatedEdit(compilation)).GetRunResult().Results.Single();
        Assert.Equal(IncrementalStepRunReason.Unchanged, IncrementalRuns.ReasonOf(rerun, MongoPipeline.DocumentsStep));
        IncrementalRuns.AssertUnchanged(rerun, steps);
        Assert.All(rerun.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));

        var edited = driver.RunGenerators(IncrementalRuns.WithEdit(compilation, "class User", "public int Field;", "public int Field;\n\n    public int Added { get; set; }")).GetRunResult().Results.Single();
        Assert.Equal(IncrementalStepRunReason.Modified, IncrementalRuns.ReasonOf(edited, MongoPipeline.DocumentsStep));
        Assert.Contains("case \"added\":", edited.GeneratedSources.Single(g => g.HintName == "Db.MongoDb.g.cs").SourceText.ToString(), StringComparison.Ordinal);

        // The core learns only which connections get a generated handle, which a document's members do not change: Db.g.cs is not rewritten.
        Assert.Equal(IncrementalStepRunReason.Unchanged, IncrementalRuns.ReasonOf(edited, MongoPipeline.HandlesStep));
        var reasons = edited.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, reasons); // Db.MongoDb.g.cs
        Assert.Contains(IncrementalStepRunReason.Cached, reasons);   // Db.g.cs and the rest of the core's output
    }

    [Fact]
    public void An_init_only_property_is_reported_instead_of_being_left_out_silently()
    {
        var sources = """
            #pragma warning disable CS1591
            namespace MyApp;

            public sealed class Frozen
            {
                public string? Id { get; set; }

                public string Name { get; init; } = "";

                public string Display => Name;
            }
            """;
        var json = """
            { "mongodb": { "events": { "hosts": ["h:1"], "database": "e",
              "collections": { "frozen": { "type": "MyApp.Frozen" } } } } }
            """;
        var run = MongoHarness.Run(json, sources);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0107"),
            "BG0107",
            DiagnosticSeverity.Error,
            "The member MyApp.Frozen.Name has an init-only setter, which the generated BSON serializer cannot set: give it a public set accessor, or mark it [BsonIgnore]",
            "/app/backends.json",
            (2, 40),
            (2, 54),
            json,
            "\"MyApp.Frozen\"");
        Assert.Single(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void The_generated_handle_class_does_not_take_the_name_of_another_connection()
    {
        var json = """
            { "mongodb": {
              "events": { "hosts": ["h:1"], "database": "e", "collections": { "users": { "type": "MyApp.User" } } },
              "events-connection": { "hosts": ["h:1"], "database": "f" } } }
            """;
        var run = MongoHarness.Run(json, Documents);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Contains("public sealed class EventsConnectionHandle : global::Backends.MongoDb.MongoDbBackend", run.Sources["Db.MongoDb.g.cs"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("logger", "Logger")]
    [InlineData("connectionName", "ConnectionName")]
    [InlineData("ready", "Ready")]
    [InlineData("registerCollection", "RegisterCollection")]
    public void A_collection_whose_accessor_would_hide_a_member_of_the_handle_is_reported(string collection, string accessor)
    {
        // The reserved names come from the handle type's members; a hand-kept list had drifted (no Logger, no ConnectionName).
        var json = $$"""
            { "mongodb": { "events": { "hosts": ["h:1"], "database": "e",
              "collections": { "{{collection}}": { "type": "MyApp.User" } } } } }
            """;
        var run = MongoHarness.Run(json, Documents);

        var diagnostic = DiagnosticAssert.Single(run, "BG0101");
        Assert.Equal(
            $"The collection name '{collection}' cannot be used: its accessor {accessor} would hide the handle's member of that name; choose another name",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Single(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void A_collection_named_after_the_generated_handle_class_is_reported()
    {
        var json = """
            { "mongodb": { "events": { "hosts": ["h:1"], "database": "e",
              "collections": { "eventsConnection": { "type": "MyApp.User" } } } } }
            """;
        var run = MongoHarness.Run(json, Documents);

        var diagnostic = DiagnosticAssert.Single(run, "BG0101");
        Assert.Equal(
            "The collection name 'eventsConnection' cannot be used: its accessor EventsConnection would take the name of the generated handle class; choose another name",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Single(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void Collections_under_a_kind_whose_adapter_does_not_own_them_stay_an_unknown_setting()
    {
        // Only the MongoDB adapter declares "collections" as its declared data; for sqlite it is a misspelt setting like any other.
        var json = """
            { "sqlite": { "local": { "path": "app.db", "collections": { "users": { "type": "MyApp.User" } } } } }
            """;
        var run = MongoHarness.Run(json, Documents);

        Assert.Equal("BG0006", Assert.Single(run.Diagnostics).Id);
        Assert.StartsWith("'collections' is not a setting of ", Assert.Single(run.Diagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.DoesNotContain("Db.MongoDb.g.cs", run.Sources.Keys);
    }
}
