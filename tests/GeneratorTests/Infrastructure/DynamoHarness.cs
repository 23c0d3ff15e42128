using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace GeneratorTests.Infrastructure;

/// <summary>Runs the generator over a compilation that references the DynamoDB adapter and the AWS SDK, with item types in it.</summary>
internal static class DynamoHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    [
        .. GeneratorHarness.References,
        .. new[]
        {
            typeof(Backends.DynamoDb.DynamoDbBackend).Assembly.Location,
            typeof(Amazon.DynamoDBv2.IAmazonDynamoDB).Assembly.Location,
            typeof(Amazon.Runtime.AmazonServiceClient).Assembly.Location,
        }.Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)),
    ]);

    /// <summary>The usual references plus the DynamoDB adapter and the AWS SDK.</summary>
    public static ImmutableArray<MetadataReference> References => s_references.Value;

    /// <summary>Whether <paramref name="path"/> is the DynamoDB adapter or the AWS SDK, which only these tests reference.</summary>
    public static bool IsDynamoAssembly(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith("AWSSDK.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Backends.DynamoDb", StringComparison.Ordinal);
    }

    /// <summary>Runs the generator over <paramref name="backendsJson"/> with <paramref name="sources"/> in the compilation.</summary>
    public static GeneratorRun Run(string backendsJson, string sources, IReadOnlyDictionary<string, string>? properties = null)
    {
        var compilation = GeneratorHarness.CreateCompilation(s_references.Value, TestSources.Program, sources);
        return GeneratorHarness.Run([("/app/backends.json", backendsJson)], properties, compilation);
    }
}
