using Backends.Generator.Features.MongoDb;
using Backends.Generator.Features.Repositories;
using GeneratorTests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GeneratorTests;

/// <summary>
/// The <c>"repositories"</c> section: <c>Db.Repositories.X</c> typed <c>IRepository&lt;T, TKey&gt;</c> over a declared
/// MongoDB collection (snapshot, and a consumer that compiles against it), and each diagnostic with its exact location.
/// </summary>
public sealed class RepositoryTests
{
    private const string Documents = """
        #pragma warning disable CS1591
        using MongoDB.Bson.Serialization.Attributes;

        namespace MyApp;

        public sealed class Account
        {
            public string Id { get; set; } = "";

            public string Email { get; set; } = "";

            public string Name { get; set; } = "";

            public int Age { get; set; }
        }

        public sealed class LogLine
        {
            public string Text { get; set; } = "";
        }

        public sealed class Order
        {
            [BsonId]
            public System.Guid Number { get; set; }

            public string Customer { get; set; } = "";
        }

        public static class Consumer
        {
            // The application's code: the same interface whatever backend holds the accounts.
            public static global::System.Threading.Tasks.ValueTask<Account?> Find(string id) => Db.Repositories.Users.GetAsync(id);
        }
        """;

    // Line 12 is the "repositories" line of every test.
    private const string Head = """
        {
          "mongodb": {
            "events": {
              "hosts": ["127.0.0.1:27017"], "database": "events",
              "collections": {
                "users": { "type": "MyApp.Account", "indexes": [["email"], ["age", "-name"], ["name.first"]] },
                "logs": { "type": "MyApp.LogLine" },
                "orders": { "type": "MyApp.Order", "unique": [["customer"]] }
              }
            }
          },

        """;

    private static readonly Dictionary<string, string> s_properties = new() { ["RootNamespace"] = "MyApp" };

    private static string Config(string repositories) => Head + repositories + "\n}\n";

    private static GeneratorRun Run(string repositories) => MongoHarness.Run(Config(repositories), Documents, s_properties);

    /// <summary>The consumer compiles only when Db.Repositories.Users exists; the other tests leave it out of the compilation's problems.</summary>
    private static IEnumerable<Diagnostic> ProblemsOtherThanTheConsumer(GeneratorRun run) =>
        run.CompilationProblems.Where(d => !d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("Repositories", StringComparison.Ordinal));

    [Fact]
    public void A_repository_over_a_declared_collection_is_typed_by_its_document_and_id()
    {
        var run = Run("""  "repositories": { "users": "mongodb.events.users", "orders": "mongodb.events.orders" }""");

        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
        var source = run.Sources["Db.Repositories.g.cs"];
        Assert.Contains("public static global::Backends.Runtime.IRepository<global::MyApp.Account, string> Users =>", source, StringComparison.Ordinal);
        Assert.Contains("public static global::Backends.Runtime.IRepository<global::MyApp.Order, global::System.Guid> Orders =>", source, StringComparison.Ordinal);
        Snapshot.Verify("Repositories_over_mongo_collections.Db.Repositories.g", source);
    }

    [Fact]
    public void Without_a_repositories_section_no_repositories_file_is_generated()
    {
        var run = MongoHarness.Run(Head.TrimEnd().TrimEnd(',') + "\n}\n", Documents.Replace("Db.Repositories.Users.GetAsync(id)", "default", StringComparison.Ordinal), s_properties);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.False(run.Sources.ContainsKey("Db.Repositories.g.cs"));
    }

    [Fact]
    public void A_kind_that_is_not_declared_is_reported_on_the_value_with_a_did_you_mean()
    {
        var run = Run("""  "repositories": { "users": "mongdb.events.users" }""");

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0120"),
            "BG0120",
            DiagnosticSeverity.Error,
            "The repository 'users' names 'mongdb.events.users', which is not declared: there is no backend kind 'mongdb'; did you mean 'mongodb.events.users'?",
            "/app/backends.json",
            (12, 30),
            (12, 51),
            Config("""  "repositories": { "users": "mongdb.events.users" }"""),
            "\"mongdb.events.users\"");
        Assert.Single(run.Diagnostics);
        Assert.Empty(ProblemsOtherThanTheConsumer(run));
    }

    [Fact]
    public void A_connection_that_is_not_declared_is_reported_with_a_did_you_mean()
    {
        var run = Run("""  "repositories": { "users": "mongodb.evnts.users" }""");

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0120"),
            "BG0120",
            DiagnosticSeverity.Error,
            "The repository 'users' names 'mongodb.evnts.users', which is not declared: there is no connection 'mongodb.evnts'; did you mean 'mongodb.events.users'?",
            "/app/backends.json",
            (12, 30),
            (12, 51),
            Config("""  "repositories": { "users": "mongodb.evnts.users" }"""),
            "\"mongodb.evnts.users\"");
        Assert.Single(run.Diagnostics);
    }

    [Fact]
    public void A_collection_that_is_not_declared_is_reported_with_a_did_you_mean()
    {
        var run = Run("""  "repositories": { "users": "mongodb.events.usrs" }""");

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0120"),
            "BG0120",
            DiagnosticSeverity.Error,
            "The repository 'users' names 'mongodb.events.usrs', which is not declared: did you mean 'mongodb.events.users'?",
            "/app/backends.json",
            (12, 30),
            (12, 51),
            Config("""  "repositories": { "users": "mongodb.events.usrs" }"""),
            "\"mongodb.events.usrs\"");
        Assert.Single(run.Diagnostics);
    }

    [Fact]
    public void A_reference_of_the_wrong_shape_is_reported_with_what_to_write()
    {
        var run = Run("""  "repositories": { "users": "mongodb.events", "logs": 42 }""");

        var diagnostics = run.Diagnostics.Where(d => d.Id == "BG0121").OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(2, diagnostics.Count);
        DiagnosticAssert.Is(
            diagnostics[0],
            "BG0121",
            DiagnosticSeverity.Error,
            "The repository 'users' is the string \"mongodb.events\": write 'kind.connection.collection', as in \"mongodb.events.users\" or \"dynamodb.main.users\"",
            "/app/backends.json",
            (12, 30),
            (12, 46));
        DiagnosticAssert.Is(
            diagnostics[1],
            "BG0121",
            DiagnosticSeverity.Error,
            "The repository 'logs' is the number 42: write 'kind.connection.collection', as in \"mongodb.events.users\" or \"dynamodb.main.users\"",
            "/app/backends.json",
            (12, 56),
            (12, 58));
        Assert.Equal(2, run.Diagnostics.Length);
    }

    [Fact]
    public void A_section_that_is_not_an_object_is_reported()
    {
        var run = Run("""  "repositories": ["mongodb.events.users"]""");

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0121"),
            "BG0121",
            DiagnosticSeverity.Error,
            "The 'repositories' section is an array: write an object of repository name → 'kind.connection.collection', as in \"mongodb.events.users\" or \"dynamodb.main.users\"",
            "/app/backends.json",
            (12, 19),
            (12, 43));
        Assert.Single(run.Diagnostics);
    }

    [Fact]
    public void A_collection_whose_document_has_no_id_is_not_a_repository()
    {
        var run = Run("""  "repositories": { "logs": "mongodb.events.logs" }""");

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0122"),
            "BG0122",
            DiagnosticSeverity.Error,
            "The repository 'logs' names 'mongodb.events.logs', which cannot be a repository: its document type MyApp.LogLine has no id member: give it a property named Id, or mark the key member [BsonId]",
            "/app/backends.json",
            (12, 29),
            (12, 50),
            Config("""  "repositories": { "logs": "mongodb.events.logs" }"""),
            "\"mongodb.events.logs\"");
        Assert.Single(run.Diagnostics);
    }

    [Fact]
    public void Repositories_in_an_overlay_are_reported_there()
    {
        var overlay = """
            {
              "repositories": { "users": "mongodb.events.users" }
            }
            """;
        var compilation = GeneratorHarness.CreateCompilation(MongoHarness.References, TestSources.Program, Documents);
        var run = GeneratorHarness.Run(
            [("/app/backends.json", Config("""  "repositories": { "users": "mongodb.events.users" }""")), ("/app/backends.Production.json", overlay)],
            s_properties,
            compilation);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0123"),
            "BG0123",
            DiagnosticSeverity.Error,
            "backends.Production.json declares repositories: declare them in backends.json only, as they shape the generated code (an overlay changes settings, not which backend holds the data)",
            "/app/backends.Production.json",
            (2, 3),
            (2, 17),
            overlay,
            "\"repositories\"");
        Assert.Single(run.Diagnostics);
        Assert.Empty(run.CompilationProblems); // the base file's repository is still generated
    }

    [Fact]
    public void Repository_names_that_collide_or_hide_a_member_are_reported()
    {
        var run = Run("""  "repositories": { "users": "mongodb.events.users", "Users": "mongodb.events.users", "to-string": "mongodb.events.users" }""");

        var diagnostics = run.Diagnostics.Where(d => d.Id == "BG0124").OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(2, diagnostics.Count);
        DiagnosticAssert.Is(
            diagnostics[0],
            "BG0124",
            DiagnosticSeverity.Error,
            "The repository name 'Users' cannot be used: its accessor Users collides with the one of 'users'; rename one of them",
            "/app/backends.json",
            (12, 54),
            (12, 61));
        DiagnosticAssert.Is(
            diagnostics[1],
            "BG0124",
            DiagnosticSeverity.Error,
            "The repository name 'to-string' cannot be used: its accessor ToString would take the name of the class or hide a member every class inherits; choose another name",
            "/app/backends.json",
            (12, 87),
            (12, 98));
        Assert.Equal(2, run.Diagnostics.Length);
        Assert.Empty(run.CompilationProblems); // the first one is generated
    }

    [Fact]
    public void The_repository_steps_hold_only_equatable_models_and_stay_cached_when_a_document_gains_a_member()
    {
        var json = Config("""  "repositories": { "users": "mongodb.events.users" }""");
        var compilation = GeneratorHarness.CreateCompilation(MongoHarness.References, TestSources.Program, Documents);
        var driver = GeneratorHarness.CreateDriver([new InMemoryAdditionalText("/app/backends.json", json)], s_properties).RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        string[] steps = [MongoPipeline.RepositorySourcesStep, RepositoriesPipeline.InputStep, RepositoriesPipeline.ModelStep];
        IncrementalRuns.AssertEquatableModels(first, steps);

        var rerun = driver.RunGenerators(IncrementalRuns.WithUnrelatedEdit(compilation)).GetRunResult().Results.Single();
        IncrementalRuns.AssertUnchanged(rerun, steps);

        // A member that is neither the id nor indexed changes the serializer, not the repository: the model is unchanged.
        var edited = driver.RunGenerators(IncrementalRuns.WithEdit(compilation, "class Account", "public int Age { get; set; }", "public int Age { get; set; }\n\n    public int Added { get; set; }")).GetRunResult().Results.Single();
        Assert.Equal(IncrementalStepRunReason.Modified, IncrementalRuns.ReasonOf(edited, MongoPipeline.DocumentsStep));
        Assert.Equal(IncrementalStepRunReason.Unchanged, IncrementalRuns.ReasonOf(edited, MongoPipeline.RepositorySourcesStep));
        IncrementalRuns.AssertUnchanged(edited, [RepositoriesPipeline.ModelStep]);
    }
}
