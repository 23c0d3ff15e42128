using System.Reflection;
using Backends.Generator.Features.DynamoDb;
using Backends.Generator.Features.MongoDb;
using GeneratorTests.Infrastructure;

namespace GeneratorTests.Schema;

/// <summary>
/// The checked-in JSON schema fragments (one beside each adapter, packed into its package, and the generator's own for
/// <c>"stores"</c>) and docs/config-reference.md are exactly what the adapters' <c>[Setting]</c> metadata produces: a
/// settings change that is not regenerated fails here. Accept a reviewed change with BACKENDS_ACCEPT_SNAPSHOTS=1.
/// </summary>
public sealed class ConfigSchemaTests
{
    /// <summary>Where the build of a user's project finds a section's fragment (see the packages' build props).</summary>
    internal static string FragmentPath(SectionSchema section) => section.Source == "Backends.Generator"
        ? Repository.PathOf($"src/Backends.Generator/build/backends.{section.Key}.schema.json")
        : Repository.PathOf($"src/Backends.Adapters/{SchemaCatalogue.Packages[section.Key]}/build/backends.{section.Key}.schema.json");

    public static TheoryData<string> SectionKeys() => [.. SchemaCatalogue.Sections.Select(s => s.Key)];

    [Theory]
    [MemberData(nameof(SectionKeys))]
    public void Each_sections_checked_in_schema_fragment_is_generated_from_the_metadata(string key)
    {
        var section = SchemaCatalogue.Sections.Single(s => s.Key == key);
        CheckedIn.Verify(FragmentPath(section), ConfigSchemaWriter.Fragment(section));
    }

    [Fact]
    public void The_config_reference_page_is_generated_from_the_metadata() =>
        CheckedIn.Verify(Repository.PathOf("docs/config-reference.md"), ConfigReferenceWriter.Write(SchemaCatalogue.Sections));

    [Fact]
    public void Every_adapter_project_of_the_repository_is_covered()
    {
        var projects = Directory.GetDirectories(Repository.PathOf("src/Backends.Adapters"))
            .Where(d => File.Exists(Path.Combine(d, Path.GetFileName(d) + ".csproj")))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToList();
        var covered = SchemaCatalogue.Packages.Values.Order(StringComparer.Ordinal).ToList();
        Assert.True(
            projects.SequenceEqual(covered),
            $"Adapter projects {string.Join(", ", projects)} but schema sections for {string.Join(", ", covered)}: reference a new adapter from " +
            "tests/GeneratorTests (and add it to SchemaCatalogue.References), give its csproj the schema fragment's pack items and build props like Backends.MySql's, and regenerate.");
        // Each adapter package carries its fragment and the build props that hand it to the generator's schema target.
        foreach (var section in SchemaCatalogue.Sections.Where(s => s.Source != "Backends.Generator"))
        {
            var project = SchemaCatalogue.Packages[section.Key];
            var folder = Repository.PathOf("src/Backends.Adapters/" + project);
            var csproj = File.ReadAllText(Path.Combine(folder, project + ".csproj"));
            Assert.Contains($"build/backends.{section.Key}.schema.json", csproj, StringComparison.Ordinal);
            Assert.Contains($"build/{project}.props", csproj, StringComparison.Ordinal);
            Assert.Contains("BackendsSchemaFragment", File.ReadAllText(Path.Combine(folder, "build", project + ".props")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_setting_has_a_description()
    {
        var missing = new List<string>();
        foreach (var section in SchemaCatalogue.Sections)
        {
            Collect(section, section.Settings, "");
        }

        Assert.True(missing.Count == 0, "settings without [Setting(Description = ...)]: " + string.Join(", ", missing));

        void Collect(SectionSchema section, IEnumerable<Backends.Generator.Model.SettingSpec> settings, string prefix)
        {
            foreach (var setting in settings)
            {
                if (!section.Descriptions.ContainsKey(prefix + setting.Key))
                {
                    missing.Add($"{section.Key}.{prefix}{setting.Key}");
                }

                if (setting.Nested is { } nested)
                {
                    Collect(section, nested.Settings, prefix + setting.Key + ".");
                }
            }
        }
    }

    [Fact]
    public void The_declared_collection_keys_are_the_ones_the_generator_reads()
    {
        static string[] Keys(string field) =>
            (string[])(typeof(MongoCollectionReader).GetField(field, BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null)
                ?? throw new InvalidOperationException($"MongoCollectionReader.{field} is gone: point this test at the keys the generator reads"));

        Assert.Equal(Keys("s_collectionKeys"), SchemaCatalogue.CollectionKeys);
        Assert.Equal(Keys("s_ttlKeys"), SchemaCatalogue.TtlKeys);
        var collection = SchemaCatalogue.DeclaredData("mongodb").Single().Schema()["additionalProperties"]!["properties"]!.AsObject();
        Assert.Equal(SchemaCatalogue.CollectionKeys, collection.Select(p => p.Key));
        Assert.Equal(SchemaCatalogue.TtlKeys, collection["ttl"]!["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void The_declared_table_keys_are_the_ones_the_generator_reads()
    {
        static string[] Keys(string field) =>
            (string[])(typeof(DynamoTablesReader).GetField(field, BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null)
                ?? throw new InvalidOperationException($"DynamoTablesReader.{field} is gone: point this test at the keys the generator reads"));

        Assert.Equal(Keys("s_tableKeys"), SchemaCatalogue.TableKeys);
        Assert.Equal(Keys("s_indexKeys"), SchemaCatalogue.TableIndexKeys);
        var table = SchemaCatalogue.DeclaredData("dynamodb").Single().Schema()["additionalProperties"]!["properties"]!.AsObject();
        Assert.Equal(SchemaCatalogue.TableKeys, table.Select(p => p.Key));
        Assert.Equal(SchemaCatalogue.TableIndexKeys, table["indexes"]!["additionalProperties"]!["properties"]!.AsObject().Select(p => p.Key));
    }
}

/// <summary>A checked-in generated file: compared, written as <c>*.received.*</c> on a mismatch, accepted with the snapshot variable.</summary>
internal static class CheckedIn
{
    public static void Verify(string path, string actual)
    {
        var received = Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + ".received" + Path.GetExtension(path));
        var expected = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        if (Environment.GetEnvironmentVariable(Snapshot.AcceptVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail($"{path} is not what the [Setting] metadata generates: compare {received} with it, and accept with {Snapshot.AcceptVariable}=1 if the change is right.");
    }
}
