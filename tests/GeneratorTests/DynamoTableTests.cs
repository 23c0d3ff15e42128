using Backends.Generator.Features.DynamoDb;
using GeneratorTests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GeneratorTests;

/// <summary>Declared DynamoDB tables: the generated handle, typed tables and item mappers (snapshot), each diagnostic with its location, and caching.</summary>
public sealed class DynamoTableTests
{
    private const string Items = """
        #pragma warning disable CS1591
        using System;
        using System.Collections.Generic;
        using Amazon.DynamoDBv2.DataModel;

        namespace MyApp;

        public enum Status { Placed, Shipped }

        public sealed class Address
        {
            public string Street { get; set; } = "";

            public string? City { get; set; }

            public int Floor { get; set; }
        }

        public sealed record Order
        {
            public string CustomerId { get; init; } = "";

            public string OrderId { get; init; } = "";

            public string? Email { get; init; }

            public DateTimeOffset CreatedAt { get; init; }

            public int Count { get; init; }

            public long Big { get; init; }

            public double Ratio { get; init; }

            public decimal Total { get; init; }

            public bool Paid { get; init; }

            public Guid Reference { get; init; }

            public DateTime When { get; init; }

            public Status Status { get; init; }

            public Status? PreviousStatus { get; init; }

            public int? MaybeCount { get; init; }

            public byte[]? Receipt { get; init; }

            public Address? Shipping { get; init; }

            public List<Address> Parcels { get; init; } = new();

            public HashSet<string> Tags { get; set; } = new();

            public HashSet<long> Codes { get; set; } = new();

            public Dictionary<string, int> Counters { get; set; } = new();

            public IReadOnlyList<string> Notes { get; init; } = new List<string>();

            [DynamoDBProperty("desc")]
            public string? Description { get; set; }

            [DynamoDBIgnore]
            public object? Scratch { get; set; }

            public string Display => CustomerId + "/" + OrderId;

            public DateTimeOffset? ExpiresAt { get; init; }
        }

        public sealed class User
        {
            public string Id { get; set; } = "";

            public string Email { get; set; } = "";

            public List<string> Roles { get; set; } = new();
        }
        """;

    private const string Config = """
        {
          "dynamodb": {
            "main": {
              "serviceUrl": "http://127.0.0.1:8000",
              "tables": {
                "orders": {
                  "type": "MyApp.Order",
                  "hashKey": "customerId", "rangeKey": "orderId",
                  "readCapacity": 5, "writeCapacity": 5,
                  "indexes": { "byEmail": { "hashKey": "email", "rangeKey": "createdAt", "readCapacity": 1, "writeCapacity": 1 } },
                  "ttl": "expiresAt"
                },
                "users": { "type": "MyApp.User", "hashKey": "id", "indexes": { "by-email": { "hashKey": "email" } } }
              }
            }
          }
        }
        """;

    [Fact]
    public void Declared_tables_get_a_typed_handle_typed_tables_and_generated_item_mappers()
    {
        var run = DynamoHarness.Run(Config, Items);

        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Contains("public static global::MyApp.Db.DynamoDb.MainConnection Main => s_dynamodb_main;", run.Sources["Db.g.cs"], StringComparison.Ordinal);
        Snapshot.Verify("Dynamo_declared_tables.Db.DynamoDb.g", run.Sources["Db.DynamoDb.g.cs"]);
    }

    [Fact]
    public void An_unknown_table_key_is_reported_with_a_did_you_mean()
    {
        var run = Run("""
            "orders": { "type": "MyApp.Order", "hashKey": "customerId", "rangKey": "orderId",
              "indexes": { "byEmail": { "hashKey": "email", "capacity": 1 } } }
            """);

        Assert.Equal(
            """
            BG0110 Error /app/backends.json(3,61)-(3,70): 'rangKey' in the table 'orders' of dynamodb.main is not a table setting: write "rangeKey"
            BG0110 Error /app/backends.json(4,49)-(4,59): 'capacity' in the index 'byEmail' of the table 'orders' of dynamodb.main is not an index setting: write only "hashKey", "rangeKey", "readCapacity", "writeCapacity"
            """,
            run.DiagnosticsText.TrimEnd());
    }

    [Fact]
    public void A_missing_type_is_reported_on_the_table()
    {
        var run = Run("""
            "orders": { "hashKey": "customerId" }
            """);

        Assert.Equal(
            """
            BG0110 Error /app/backends.json(3,1)-(3,9): The table 'orders' of dynamodb.main is missing its "type": write "type": "MyApp.Order" (the item class's full name)
            """,
            run.DiagnosticsText.TrimEnd());
    }

    [Fact]
    public void A_type_not_in_the_compilation_is_reported_with_a_did_you_mean()
    {
        var run = Run("""
            "orders": { "type": "MyApp.Ordr", "hashKey": "customerId" }
            """);

        Assert.Equal(
            """
            BG0112 Error /app/backends.json(3,21)-(3,33): The type 'MyApp.Ordr' of the table 'orders' is not in the compilation: did you mean 'MyApp.Order'?
            """,
            run.DiagnosticsText.TrimEnd());
    }

    [Fact]
    public void A_key_or_ttl_that_is_not_a_stored_member_is_reported_with_a_did_you_mean()
    {
        var run = Run("""
            "orders": { "type": "MyApp.Order", "hashKey": "customer", "rangeKey": "OrderId", "ttl": "expires",
              "indexes": { "byEmail": { "hashKey": "mail" } } }
            """);

        Assert.Equal(
            """
            BG0115 Error /app/backends.json(3,47)-(3,57): The hash key 'customer' of the table 'orders' is not a stored attribute of MyApp.Order: did you mean 'customerId'?
            BG0115 Error /app/backends.json(3,71)-(3,80): The range key 'OrderId' of the table 'orders' is not a stored attribute of MyApp.Order: did you mean 'orderId'?
            BG0115 Error /app/backends.json(3,89)-(3,98): The ttl 'expires' of the table 'orders' is not a stored attribute of MyApp.Order: did you mean 'expiresAt'?
            BG0115 Error /app/backends.json(4,40)-(4,46): The index hash key 'mail' of the table 'orders' is not a stored attribute of MyApp.Order: did you mean 'email'?
            """,
            run.DiagnosticsText.TrimEnd());
    }

    [Fact]
    public void A_key_whose_type_cannot_be_a_key_is_reported()
    {
        var run = Run("""
            "orders": { "type": "MyApp.Order", "hashKey": "customerId", "rangeKey": "paid", "ttl": "email",
              "indexes": { "byTags": { "hashKey": "tags" } } }
            """);

        Assert.Equal(
            """
            BG0116 Error /app/backends.json(3,73)-(3,79): The range key 'paid' of the table 'orders' is the member Paid of type bool, which cannot be a key: keys are strings (string, Guid, DateTime, DateTimeOffset, an enum), numbers (int, long, double, decimal) or byte[], not nullable value types
            BG0116 Error /app/backends.json(3,88)-(3,95): The ttl 'email' of the table 'orders' is the member Email of type string, which cannot hold an expiry: use DateTimeOffset, DateTime (stored as epoch seconds) or long epoch seconds
            BG0116 Error /app/backends.json(4,39)-(4,45): The index hash key 'tags' of the table 'orders' is the member Tags of type System.Collections.Generic.HashSet<string>, which cannot be a key: keys are strings (string, Guid, DateTime, DateTimeOffset, an enum), numbers (int, long, double, decimal) or byte[], not nullable value types
            """,
            run.DiagnosticsText.TrimEnd());
    }

    [Fact]
    public void Capacity_on_one_side_only_is_reported()
    {
        var run = Run("""
            "orders": { "type": "MyApp.Order", "hashKey": "customerId", "readCapacity": 5,
              "indexes": { "byEmail": { "hashKey": "email", "writeCapacity": 1 } } }
            """);

        Assert.Equal(
            """
            BG0117 Error /app/backends.json(3,61)-(3,75): The table 'orders' of dynamodb.main sets "readCapacity" without "writeCapacity": give both for provisioned capacity, or neither for on-demand billing
            BG0117 Error /app/backends.json(4,49)-(4,64): The index 'byEmail' of the table 'orders' of dynamodb.main sets "writeCapacity" without "readCapacity": give both for provisioned capacity, or neither for on-demand billing
            """,
            run.DiagnosticsText.TrimEnd());
    }

    [Fact]
    public void Invalid_table_and_index_names_are_reported()
    {
        var run = Run("""
            "or": { "type": "MyApp.Order", "hashKey": "customerId" },
            "orders!": { "type": "MyApp.Order", "hashKey": "customerId" },
            "settings": { "type": "MyApp.Order", "hashKey": "customerId" },
            "orders": { "type": "MyApp.Order", "hashKey": "customerId", "indexes": { "by email": { "hashKey": "email" } } }
            """);

        Assert.Equal(
            """
            BG0111 Error /app/backends.json(3,1)-(3,5): The table name 'or' cannot be used: DynamoDB names are 3 to 255 characters long; this one has 2
            BG0111 Error /app/backends.json(4,1)-(4,10): The table name 'orders!' cannot be used: DynamoDB names contain only letters, digits, '_', '.' and '-', not '!'
            BG0111 Error /app/backends.json(5,1)-(5,11): The table name 'settings' cannot be used: its accessor Settings would hide the handle's member of that name; choose another name
            BG0111 Error /app/backends.json(6,74)-(6,84): The index name 'by email' cannot be used: DynamoDB names contain only letters, digits, '_', '.' and '-', not U+0020
            """,
            run.DiagnosticsText.TrimEnd());
    }

    [Theory]
    [InlineData("queryAsync", "QueryAsync")]
    [InlineData("getAsync", "GetAsync")]
    [InlineData("definition", "Definition")]
    [InlineData("findAsync", "FindAsync")]
    public void An_index_whose_accessor_would_hide_a_member_of_the_table_is_reported(string index, string accessor)
    {
        // An index's accessor lives on the generated table class, so it must not hide what DynamoTable<T> (and, for a
        // hash-only table, DynamoTable<T, TKey>) declares; before, it was checked against the handle's members only, and
        // the generated code did not compile (a hiding warning, an error under warnings-as-errors).
        var run = Run($$"""
            "users": { "type": "MyApp.User", "hashKey": "id", "indexes": { "{{index}}": { "hashKey": "email" } } }
            """);

        var diagnostic = DiagnosticAssert.Single(run, "BG0111");
        Assert.Equal(
            $"The index name '{index}' cannot be used: its accessor {accessor} would hide the table's member of that name; choose another name",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.CompilationProblems);
    }

    [Theory]
    [InlineData("logger", "Logger", "would hide the handle's member of that name")]
    [InlineData("connectionName", "ConnectionName", "would hide the handle's member of that name")]
    [InlineData("registerTable", "RegisterTable", "would hide the handle's member of that name")]
    [InlineData("isTransient", "IsTransient", "would hide the handle's member of that name")]
    [InlineData("mainConnection", "MainConnection", "would take the name of the generated handle class")]
    public void A_table_whose_accessor_would_hide_a_member_of_the_handle_is_reported(string table, string accessor, string reason)
    {
        // The reserved names come from the handle type's members (AdapterSpec.HandleMemberNames), protected ones included:
        // the hand-kept list this module had before lacked IsTransient, CreateInstanceAsync and the other protected members.
        var run = Run($$"""
            "{{table}}": { "type": "MyApp.Order", "hashKey": "customerId" }
            """);

        Assert.Equal(
            $"BG0111 Error /app/backends.json(3,1)-(3,{table.Length + 3}): The table name '{table}' cannot be used: its accessor {accessor} {reason}; choose another name",
            run.DiagnosticsText.TrimEnd());
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void An_unsupported_member_type_is_reported_on_the_type()
    {
        var sources = """
            #pragma warning disable CS1591
            namespace MyApp;

            public sealed class Odd
            {
                public string Id { get; set; } = "";

                public System.Uri? Link { get; set; }
            }
            """;
        var json = """
            { "dynamodb": { "main": { "tables": { "odd": { "type": "MyApp.Odd", "hashKey": "id" } } } } }
            """;
        var run = DynamoHarness.Run(json, sources);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0114"),
            "BG0114",
            DiagnosticSeverity.Error,
            "The member MyApp.Odd.Link has the type System.Uri?, which the generated DynamoDB item mapper cannot store: mark it [DynamoDBIgnore], or use a supported type (string, bool, int, long, double, decimal, Guid, DateTime, DateTimeOffset, byte[], an enum, a class with a parameterless constructor, List<T>, IReadOnlyList<T>, HashSet<string>, HashSet<int|long|double|decimal>, Dictionary<string, T>, or Nullable<T> of these)",
            "/app/backends.json",
            (1, 56),
            (1, 67),
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
            { "dynamodb": { "main": { "tables": { "fixed": { "type": "MyApp.Fixed", "hashKey": "id" } } } } }
            """;
        var run = DynamoHarness.Run(json, sources);

        Assert.Equal(
            "BG0113 Error /app/backends.json(1,58)-(1,71): MyApp.Fixed cannot be mapped by a generated DynamoDB item mapper: it has no parameterless constructor; add one (public or internal)",
            run.DiagnosticsText.TrimEnd());
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void Tables_in_an_overlay_are_reported()
    {
        var overlay = """
            { "dynamodb": { "main": { "tables": { "users": { "type": "MyApp.User", "hashKey": "id" } } } } }
            """;
        var compilation = GeneratorHarness.CreateCompilation(DynamoHarness.References, TestSources.Program, Items);
        var run = GeneratorHarness.Run([("/app/backends.json", Config), ("/app/backends.Production.json", overlay)], compilation: compilation);

        DiagnosticAssert.Is(
            DiagnosticAssert.Single(run, "BG0118"),
            "BG0118",
            DiagnosticSeverity.Error,
            "backends.Production.json declares tables for dynamodb.main: declare tables in backends.json only, as they shape the generated code",
            "/app/backends.Production.json",
            (1, 27),
            (1, 35),
            overlay,
            "\"tables\"");
        Assert.Single(run.Diagnostics);
    }

    [Fact]
    public void An_unrelated_edit_keeps_the_dynamo_steps_cached_and_an_edited_item_type_regenerates()
    {
        var compilation = GeneratorHarness.CreateCompilation(DynamoHarness.References, TestSources.Program, Items);
        var driver = GeneratorHarness.CreateDriver([new InMemoryAdditionalText("/app/backends.json", Config)]).RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        string[] steps = [DynamoPipeline.DeclaredDataStep, DynamoPipeline.TablesStep, DynamoPipeline.ItemsStep, DynamoPipeline.ModelStep, DynamoPipeline.HandlesStep];
        IncrementalRuns.AssertEquatableModels(first, steps);

        var rerun = driver.RunGenerators(IncrementalRuns.WithUnrelatedEdit(compilation)).GetRunResult().Results.Single();
        Assert.Equal(IncrementalStepRunReason.Unchanged, IncrementalRuns.ReasonOf(rerun, DynamoPipeline.ItemsStep));
        IncrementalRuns.AssertUnchanged(rerun, steps);
        Assert.All(rerun.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));

        var edited = driver.RunGenerators(IncrementalRuns.WithEdit(compilation, "class User", "public List<string> Roles", "public int Added { get; set; }\n\n    public List<string> Roles")).GetRunResult().Results.Single();
        Assert.Equal(IncrementalStepRunReason.Modified, IncrementalRuns.ReasonOf(edited, DynamoPipeline.ItemsStep));
        Assert.Contains("\"added\"", edited.GeneratedSources.Single(g => g.HintName == "Db.DynamoDb.g.cs").SourceText.ToString(), StringComparison.Ordinal);

        // The core sees only the generated handles, which an item type's edit does not change: Db.g.cs is not rewritten.
        Assert.Equal(IncrementalStepRunReason.Unchanged, IncrementalRuns.ReasonOf(edited, DynamoPipeline.HandlesStep));
    }

    [Fact]
    public void A_repository_naming_a_hash_only_table_is_that_typed_table_as_an_IRepository()
    {
        var json = Config.TrimEnd().TrimEnd('}') + ",\n  \"repositories\": { \"users\": \"dynamodb.main.users\" }\n}\n";
        var consumer = """

            public static class Consumer
            {
                public static global::Backends.Runtime.IRepository<User, string> Users => Db.Repositories.Users;
            }
            """;
        var run = DynamoHarness.Run(json, Items + "\n" + consumer);

        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationProblems);
        var repositories = run.Sources["Db.Repositories.g.cs"];
        Assert.Contains("global::Backends.Runtime.IRepository<global::MyApp.User, string> Users", repositories, StringComparison.Ordinal);
        Assert.Contains("global::MyApp.Db.DynamoDb.Main.Users", repositories, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repository_naming_a_table_with_a_range_key_is_reported_on_its_entry()
    {
        var json = Config.TrimEnd().TrimEnd('}') + ",\n  \"repositories\": { \"orders\": \"dynamodb.main.orders\" }\n}\n";
        var run = DynamoHarness.Run(json, Items);

        Assert.Null(run.Exception);
        var diagnostic = DiagnosticAssert.Single(run, "BG0122");
        Assert.Equal(
            "The repository 'orders' names 'dynamodb.main.orders', which cannot be a repository: the table has a range key (orderId), so its items have two-part keys: use the typed table MyApp.Db.DynamoDb.Main.Orders, or declare a hash-only table",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        var entryLine = Array.FindIndex(json.Split('\n'), line => line.Contains("\"repositories\"", StringComparison.Ordinal));
        Assert.Equal(entryLine, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal("/app/backends.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Single(run.Diagnostics);
    }

    /// <summary>Runs the generator with <paramref name="tables"/> as the members of dynamodb.main's "tables" (each table starts on line 3).</summary>
    private static GeneratorRun Run(string tables)
    {
        var json = "{ \"dynamodb\": { \"main\": { \"serviceUrl\": \"http://127.0.0.1:8000\",\n  \"tables\": {\n" + tables + "\n} } } }";
        var run = DynamoHarness.Run(json, Items);
        Assert.Null(run.Exception);
        return run;
    }
}
