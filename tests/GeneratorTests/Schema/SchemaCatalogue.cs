using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json.Nodes;
using Backends.Generator.Model;
using Backends.Generator.Parsing;
using Backends.Generator.Binding;
using GeneratorTests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GeneratorTests.Schema;

/// <summary>
/// The sections of backends files as the generator sees them: every adapter of this repository read by the generator's
/// own <see cref="AdapterReader"/> from the real adapter assemblies (as in a user's build), the descriptions from their
/// <c>[Setting(Description = ...)]</c>, the declared-data members of their kinds, and the generator's <c>"stores"</c>.
/// </summary>
internal static class SchemaCatalogue
{
    private static readonly Lazy<Catalogue> s_catalogue = new(Read);

    /// <summary>The adapters' sections, by kind, then the stores section.</summary>
    public static IReadOnlyList<SectionSchema> Sections => s_catalogue.Value.Sections;

    /// <summary>The adapter package of each adapter section (kind → package id, the project folder's name).</summary>
    public static IReadOnlyDictionary<string, string> Packages => s_catalogue.Value.Packages;

    /// <summary>Every adapter assembly the tests load, with the drivers their settings types use (enums).</summary>
    public static ImmutableArray<MetadataReference> References { get; } =
    [
        .. MongoHarness.References,
        .. new[]
            {
                typeof(Backends.Memcached.MemcachedBackend).Assembly.Location,
                typeof(Backends.DynamoDb.DynamoDbBackend).Assembly.Location,
                typeof(Amazon.DynamoDBv2.IAmazonDynamoDB).Assembly.Location,
                typeof(Amazon.Runtime.AWSCredentials).Assembly.Location,
            }
            .Where(p => !GeneratorHarness.References.Any(r => string.Equals(r.Display, p, StringComparison.Ordinal)))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)),
    ];

    /// <summary>
    /// Declared data, a feature of the generator owned by an adapter's kind: its members of a connection. MongoDB
    /// <c>collections</c> and DynamoDB <c>tables</c>.
    /// </summary>
    public static IReadOnlyList<DeclaredSection> DeclaredData(string kind) => kind switch
    {
        "mongodb" => [MongoCollections],
        "dynamodb" => [DynamoTables],
        _ => [],
    };

    /// <summary>The keys of a declared table and of one of its indexes, as the generator reads them (DynamoTablesReader).</summary>
    public static readonly string[] TableKeys = ["type", "hashKey", "rangeKey", "readCapacity", "writeCapacity", "indexes", "ttl"];

    public static readonly string[] TableIndexKeys = ["hashKey", "rangeKey", "readCapacity", "writeCapacity"];

    private static readonly DeclaredSection DynamoTables = new(
        "tables",
        "Declared tables (`tables`, base file only)",
        () =>
        {
            // DynamoDB's table and index names: 3 to 255 of [A-Za-z0-9_.-] (BG0111 also wants a letter first, for the accessor).
            static JsonObject Names() => new() { ["type"] = "string", ["pattern"] = "^[A-Za-z][A-Za-z0-9_.-]{2,254}$" };
            static JsonObject Attribute(string description, string example) =>
                new() { ["description"] = description, ["type"] = "string", ["minLength"] = 1, ["examples"] = new JsonArray(example) };
            static JsonObject Capacity(string description) => new() { ["description"] = description, ["type"] = "integer", ["minimum"] = 1 };
            return new JsonObject
            {
                ["description"] = "Tables with a C# item type: each becomes Db.DynamoDb.<Connection>.<Table>, a DynamoTable<T> with a generated item mapper, created at start-up when missing.",
                ["type"] = "object",
                ["propertyNames"] = Names(),
                ["additionalProperties"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["type"] = new JsonObject { ["description"] = "The item class's full C# name, e.g. \"MyApp.Order\"; it must exist in the compilation.", ["type"] = "string", ["minLength"] = 1 },
                        ["hashKey"] = Attribute("The stored attribute that is the hash (partition) key: a string, number or binary member.", "customerId"),
                        ["rangeKey"] = Attribute("The stored attribute that is the range (sort) key, if any.", "orderId"),
                        ["readCapacity"] = Capacity("Provisioned read capacity units; give both capacities or neither (on-demand billing)."),
                        ["writeCapacity"] = Capacity("Provisioned write capacity units; give both capacities or neither (on-demand billing)."),
                        ["indexes"] = new JsonObject
                        {
                            ["description"] = "Global secondary indexes by name: each becomes a typed member of the table (.ByEmail).",
                            ["type"] = "object",
                            ["propertyNames"] = Names(),
                            ["additionalProperties"] = new JsonObject
                            {
                                ["type"] = "object",
                                ["properties"] = new JsonObject
                                {
                                    ["hashKey"] = Attribute("The index's hash key attribute.", "email"),
                                    ["rangeKey"] = Attribute("The index's range key attribute, if any.", "createdAt"),
                                    ["readCapacity"] = Capacity("The index's provisioned read capacity; both or neither."),
                                    ["writeCapacity"] = Capacity("The index's provisioned write capacity; both or neither."),
                                },
                                ["required"] = new JsonArray("hashKey"),
                                ["additionalProperties"] = false,
                            },
                        },
                        ["ttl"] = Attribute("The stored attribute holding the expiry (DateTimeOffset, DateTime or long epoch seconds), stored as epoch seconds.", "expiresAt"),
                    },
                    ["required"] = new JsonArray("type", "hashKey"),
                    ["additionalProperties"] = false,
                },
            };
        },
        [
            ("tables.<name>.type", "string", "The item class's full C# name (`MyApp.Order`); it must exist in the compilation. Required."),
            ("tables.<name>.hashKey", "string", "The stored attribute that is the hash key (camelCase member name or `[DynamoDBProperty]`); string, number or binary. Required."),
            ("tables.<name>.rangeKey", "string", "The stored attribute that is the range key, if any."),
            ("tables.<name>.readCapacity", "integer", "Provisioned read capacity (from 1); with `writeCapacity`, or neither for on-demand billing."),
            ("tables.<name>.writeCapacity", "integer", "Provisioned write capacity (from 1); with `readCapacity`, or neither for on-demand billing."),
            ("tables.<name>.indexes", "object", "Global secondary indexes by name: `{ \"byEmail\": { \"hashKey\": \"email\", \"rangeKey\": \"createdAt\" } }`, each with optional capacities."),
            ("tables.<name>.ttl", "string", "The stored attribute holding the expiry (`DateTimeOffset`, `DateTime` or `long`), stored as epoch seconds."),
        ]);

    /// <summary>The keys of a declared collection and of its ttl, as the generator reads them (MongoCollectionReader).</summary>
    public static readonly string[] CollectionKeys = ["type", "indexes", "unique", "ttl"];

    public static readonly string[] TtlKeys = ["field", "seconds"];

    private static readonly DeclaredSection MongoCollections = new(
        "collections",
        "Declared collections (`collections`, base file only)",
        () =>
        {
            var index = new JsonObject
            {
                ["type"] = "array",
                ["description"] = "A list of indexes, each a list of field names; \"-field\" is descending.",
                ["items"] = new JsonObject
                {
                    ["type"] = "array",
                    ["minItems"] = 1,
                    ["items"] = new JsonObject { ["type"] = "string", ["pattern"] = "^-?[^-$.]" },
                },
                ["examples"] = new JsonArray(new JsonArray(new JsonArray("email"), new JsonArray("lastName", "-createdAt"))),
            };
            return new JsonObject
            {
                ["description"] = "Collections with a C# document type: each becomes Db.MongoDb.<Connection>.<Collection>, an IMongoCollection<T> whose indexes start-up ensures.",
                ["type"] = "object",
                ["additionalProperties"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["type"] = new JsonObject { ["description"] = "The document class's full C# name, e.g. \"MyApp.User\"; it must exist in the compilation.", ["type"] = "string", ["minLength"] = 1 },
                        ["indexes"] = index,
                        ["unique"] = index.DeepClone(),
                        ["ttl"] = new JsonObject
                        {
                            ["description"] = "Documents expire this many seconds after the date in field.",
                            ["type"] = "object",
                            ["properties"] = new JsonObject
                            {
                                ["field"] = new JsonObject { ["description"] = "The name of a date field, e.g. \"expiresAt\".", ["type"] = "string", ["pattern"] = "^[^-$]" },
                                ["seconds"] = new JsonObject { ["description"] = "Whole seconds from 0 to 2147483647.", ["type"] = "integer", ["minimum"] = 0, ["maximum"] = int.MaxValue },
                            },
                            ["required"] = new JsonArray("field", "seconds"),
                            ["additionalProperties"] = false,
                        },
                    },
                    ["required"] = new JsonArray("type"),
                    ["additionalProperties"] = false,
                },
            };
        },
        [
            ("collections.<name>.type", "string", "The document class's full C# name (`MyApp.User`); it must exist in the compilation. Required."),
            ("collections.<name>.indexes", "list of lists of strings", "Indexes, each a list of field names; `-field` is descending: `[[\"email\"], [\"lastName\", \"-createdAt\"]]`."),
            ("collections.<name>.unique", "list of lists of strings", "Unique indexes, written like `indexes`."),
            ("collections.<name>.ttl", "object", "`{ \"field\": \"expiresAt\", \"seconds\": 3600 }`: documents expire `seconds` (0 to 2147483647) after the date in `field`."),
        ]);

    /// <summary>What each key of a tiered store means (the generator's StoreValidator holds their types and ranges).</summary>
    public static readonly IReadOnlyDictionary<string, string> StoreDescriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cache"] = "The cache tier: a declared key/value connection as \"kind.name\", e.g. \"memcached.sessions\".",
        ["storage"] = "The storage tier: another declared key/value connection as \"kind.name\", e.g. \"mysql.demo\".",
        ["cacheTtl"] = "A cap on the life of the cache copy of a value (default: the value's own time to live).",
        ["maxPendingWrites"] = "The most storage writes that may wait; SetAsync waits while the bound is reached (default 10000).",
        ["flushTimeout"] = "How long closing the store waits for pending writes to reach storage (default 30s).",
    };

    private static Catalogue Read()
    {
        var compilation = GeneratorHarness.CreateCompilation(References, TestSources.Program);
        var set = AdapterReader.Read(compilation, CancellationToken.None);
        Assert.Empty(set.Diagnostics);
        var sections = new List<SectionSchema>();
        var packages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var adapter in set.Adapters.OrderBy(a => a.Kind, StringComparer.Ordinal))
        {
            packages[adapter.Kind] = adapter.PackageId;
            var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
            CollectDescriptions(compilation, adapter.SettingsType, adapter.Settings, "", descriptions);
            sections.Add(new SectionSchema(
                adapter.Kind,
                adapter.PackageId,
                $"Connections of the {adapter.Kind} backend ({adapter.PackageId}): connection name → settings. Each becomes Db.{adapter.ClassName}.<Name>.",
                [.. adapter.Settings.Settings],
                [.. adapter.Settings.RequireOneOf],
                descriptions,
                DeclaredData(adapter.Kind)));
        }

        var stores = StoreSchema();
        sections.Add(new SectionSchema(
            StoreValidator.Section,
            "Backends.Generator",
            "Tiered stores: store name → a cache and a storage connection. Each becomes Db.Stores.<Name>, an IKeyValueStore (base file only).",
            [.. stores.Settings],
            [.. stores.RequireOneOf],
            StoreDescriptions,
            []));
        sections.Add(new SectionSchema(
            SectionSpec.RepositoriesKey,
            "Backends.Generator",
            "Repositories: repository name → a declared collection or table. Each becomes Db.Repositories.<Name>, an IRepository<T, TKey> (base file only; see docs/repositories.md).",
            [],
            [],
            new Dictionary<string, string>(StringComparer.Ordinal),
            [])
        {
            Entry = static () => new JsonObject
            {
                ["description"] = "A declared MongoDB collection or DynamoDB table as 'kind.connection.name', e.g. 'mongodb.events.users' or 'dynamodb.main.users'; changing it moves the repository to that backend with no code change.",
                ["type"] = "string",
                ["pattern"] = "^[^.]+[.][^.]+[.].+$",
                ["examples"] = new JsonArray("mongodb.events.users", "dynamodb.main.users"),
            },
        });
        return new Catalogue(sections, packages);
    }

    /// <summary>The stores section's schema, which the generator keeps in StoreValidator (not an adapter's metadata).</summary>
    public static SettingsSchema StoreSchema() =>
        (SettingsSchema)(typeof(StoreValidator).GetField("s_schema", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null)
            ?? throw new InvalidOperationException("StoreValidator.s_schema is gone: point SchemaCatalogue.StoreSchema at the stores section's schema"));

    private static void CollectDescriptions(Compilation compilation, string typeName, SettingsSchema schema, string prefix, Dictionary<string, string> descriptions)
    {
        var type = compilation.GetTypeByMetadataName(typeName.Replace("global::", "", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("settings type not found: " + typeName);
        foreach (var setting in schema.Settings)
        {
            if (Description(type, setting.PropertyName) is { Length: > 0 } text)
            {
                descriptions[prefix + setting.Key] = text;
            }

            if (setting.Nested is { } nested)
            {
                CollectDescriptions(compilation, setting.TypeName, nested, prefix + setting.Key + ".", descriptions);
            }
        }
    }

    /// <summary>The <c>Description</c> of the <c>[Setting]</c> on <paramref name="property"/> of <paramref name="type"/> or a base class.</summary>
    private static string? Description(INamedTypeSymbol type, string property)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(property).OfType<IPropertySymbol>())
            {
                for (var p = member; p is not null; p = p.OverriddenProperty)
                {
                    var attribute = p.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "Backends.Runtime.SettingAttribute");
                    if (attribute?.NamedArguments.FirstOrDefault(n => n.Key == "Description").Value.Value is string text)
                    {
                        return text;
                    }
                }
            }
        }

        return null;
    }

    private sealed record Catalogue(IReadOnlyList<SectionSchema> Sections, IReadOnlyDictionary<string, string> Packages);
}
