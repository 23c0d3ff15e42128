using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace GeneratorTests.Infrastructure;

/// <summary>Runs the generator over a compilation that references the MongoDB adapter and driver, with document types in it.</summary>
internal static class MongoHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    [
        .. GeneratorHarness.References,
        .. new[]
        {
            typeof(Backends.MongoDb.MongoDbBackend).Assembly.Location,
            typeof(MongoDB.Driver.IMongoClient).Assembly.Location,
            typeof(MongoDB.Bson.BsonDocument).Assembly.Location,
        }.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)),
    ]);

    /// <summary>The usual references plus the MongoDB adapter and driver.</summary>
    public static ImmutableArray<MetadataReference> References => s_references.Value;

    /// <summary>Whether <paramref name="path"/> is the MongoDB adapter or driver, which only these tests reference.</summary>
    public static bool IsMongoAssembly(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith("MongoDB.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Backends.MongoDb", StringComparison.Ordinal);
    }

    /// <summary>Runs the generator over <paramref name="backendsJson"/> with <paramref name="sources"/> in the compilation.</summary>
    public static GeneratorRun Run(string backendsJson, string sources, IReadOnlyDictionary<string, string>? properties = null)
    {
        var compilation = GeneratorHarness.CreateCompilation(s_references.Value, TestSources.Program, sources);
        return GeneratorHarness.Run([("/app/backends.json", backendsJson)], properties, compilation);
    }
}
