using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Backends.Generator.Diagnostics;
using GeneratorTests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GeneratorTests;

/// <summary>
/// Every diagnostic's help link is its own section of docs/diagnostics.md on the page the build configured
/// (BackendsDiagnosticsUrl, by default from BackendsRepositoryUrl), or absent when none is configured: never an invented address.
/// </summary>
public sealed class HelpLinkTests
{
    /// <summary>Every descriptor the generator and its analyzers can report.</summary>
    /// <remarks>Every static descriptor field of every type in the generator assembly, wherever its folder puts it.</remarks>
    internal static IReadOnlyList<DiagnosticDescriptor> Catalogue(Assembly? generator = null) =>
        (generator ?? typeof(DiagnosticDescriptors).Assembly).GetTypes()
            .Where(t => !t.IsGenericTypeDefinition)
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .DistinctBy(d => d.Id)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

    private static string DiagnosticsPage() => File.ReadAllText(Repository.PathOf("docs/diagnostics.md"));

    [Fact]
    public void Every_descriptor_in_the_catalogue_has_a_section_in_docs_diagnostics_md()
    {
        var page = DiagnosticsPage();
        var catalogue = Catalogue();
        Assert.True(catalogue.Count >= 30, $"only {catalogue.Count} descriptors found: the catalogue lookup is broken");
        var missing = catalogue.Where(d => !page.Contains($"<a id=\"{d.Id.ToLowerInvariant()}\"></a>", StringComparison.Ordinal)).Select(d => d.Id).ToList();
        Assert.True(missing.Count == 0, "docs/diagnostics.md has no section (<a id=\"bgNNNN\"></a>) for " + string.Join(", ", missing));
    }

    [Fact]
    public void The_link_for_a_configured_page_is_the_page_and_the_descriptors_own_anchor()
    {
        Assert.Equal("https://git.example/o/r/blob/main/docs/diagnostics.md#bg0042", HelpLinks.For("https://git.example/o/r/blob/main/docs/diagnostics.md", "BG0042"));
        Assert.Null(HelpLinks.For("", "BG0042"));
    }

    [Fact]
    public void The_descriptors_of_this_build_link_to_its_configured_page_or_carry_no_link()
    {
        var page = typeof(HelpLinkTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BackendsDiagnosticsUrl").Value ?? "";
        Assert.Equal(HelpLinks.DiagnosticsPage, page);
        foreach (var descriptor in Catalogue())
        {
            Assert.Equal(page.Length == 0 ? "" : page + "#" + descriptor.Id.ToLowerInvariant(), descriptor.HelpLinkUri);
            Assert.DoesNotContain("backendgen/backendgen", descriptor.HelpLinkUri, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// Builds the generator once more, into a temporary folder, with <c>-p:BackendsRepositoryUrl</c> set (and once with
    /// nothing set) and loads each build: the property must reach every descriptor through the build alone.
    /// </summary>
    [Fact]
    public async Task The_repository_url_given_to_the_build_reaches_every_descriptor_and_without_it_there_is_no_link()
    {
        var folder = Directory.CreateTempSubdirectory("backends-helplinks-").FullName;
        try
        {
            await Check(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task Check(string folder)
    {
        const string RepositoryUrl = "https://git.example/someone/backendgen";
        var withUrl = await BuildGeneratorAsync(Path.Combine(folder, "with"), "-p:BackendsRepositoryUrl=" + RepositoryUrl + "/");
        var without = await BuildGeneratorAsync(Path.Combine(folder, "without"), "-p:BackendsRepositoryUrl=", "-p:BackendsDiagnosticsUrl=");
        var anchors = DiagnosticsPage();

        var linked = LoadCatalogue(withUrl);
        Assert.Equal(Catalogue().Select(d => d.Id), linked.Select(d => d.Id));
        foreach (var descriptor in linked)
        {
            var anchor = descriptor.Id.ToLowerInvariant();
            Assert.Equal($"{RepositoryUrl}/blob/main/docs/diagnostics.md#{anchor}", descriptor.HelpLinkUri);
            Assert.Contains($"<a id=\"{anchor}\"></a>", anchors, StringComparison.Ordinal);
        }

        var unlinked = LoadCatalogue(without);
        Assert.Equal(linked.Count, unlinked.Count);
        Assert.All(unlinked, d => Assert.Equal("", d.HelpLinkUri));
    }

    /// <summary>Builds src/Backends.Generator with <paramref name="properties"/> into a folder of its own; returns the assembly's path.</summary>
    private static async Task<string> BuildGeneratorAsync(string output, params string[] properties)
    {
        var project = Repository.PathOf("src/Backends.Generator/Backends.Generator.csproj");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Its own intermediate and output folders, so the repository's build of the generator is left alone.
        foreach (var argument in new[] { "build", project, "-c", "Release", "--no-restore", "-nologo", "-v", "quiet",
                     "-p:IntermediateOutputPath=" + Path.Combine(output, "obj") + Path.DirectorySeparatorChar,
                     "-p:OutputPath=" + Path.Combine(output, "bin") + Path.DirectorySeparatorChar }.Concat(properties))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "building the generator failed:\n" + await stdout + await stderr);
        var assembly = Path.Combine(output, "bin", "Backends.Generator.dll");
        Assert.True(File.Exists(assembly), "no generator assembly at " + assembly);
        return assembly;
    }

    /// <summary>The descriptors of the generator at <paramref name="path"/>, loaded beside this one (Roslyn is shared).</summary>
    private static IReadOnlyList<DiagnosticDescriptor> LoadCatalogue(string path)
    {
        var context = new AssemblyLoadContext("help-links-" + Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(path))), isCollectible: true);
        try
        {
            using var stream = File.OpenRead(path);
            var assembly = context.LoadFromStream(stream);
            return Catalogue(assembly);
        }
        finally
        {
            context.Unload();
        }
    }
}
