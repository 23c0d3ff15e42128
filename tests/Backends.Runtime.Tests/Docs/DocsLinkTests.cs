namespace Backends.Runtime.Tests.Docs;

/// <summary>
/// Every relative link in README.md and docs/*.md leads somewhere: the file (or folder) exists, and a <c>#anchor</c>
/// names a heading or an explicit id of the page it points at. The README is the front page of a small site, so a page
/// moved or a heading renamed must not leave a dead link behind.
/// </summary>
public sealed class DocsLinkTests
{
    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string>("README.md");
        foreach (var page in Directory.GetFiles(RepositoryFiles.PathOf("docs"), "*.md").Order(StringComparer.Ordinal))
        {
            pages.Add(RepositoryFiles.Relative(page));
        }

        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_resolves_to_a_file_and_anchor(string page)
    {
        var path = RepositoryFiles.PathOf(page);
        var markdown = MarkdownPage.Read(path);
        var broken = new List<string>();
        foreach (var (line, target) in markdown.Links)
        {
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : Uri.UnescapeDataString(target[(hash + 1)..]);
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add($"{page}:{line}: {target}: no such file {RepositoryFiles.Relative(resolved)}");
                continue;
            }

            if (anchor is not null && resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !MarkdownPage.Read(resolved).Anchors.Contains(anchor))
            {
                broken.Add($"{page}:{line}: {target}: {RepositoryFiles.Relative(resolved)} has no heading or id '{anchor}'");
            }
        }

        Assert.True(broken.Count == 0, "Broken links:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void The_front_page_links_every_docs_page_through_the_index()
    {
        var index = MarkdownPage.Read(RepositoryFiles.PathOf("docs/index.md"));
        var linked = index.Links.Select(l => l.Target.Split('#')[0]).ToHashSet(StringComparer.Ordinal);
        var unlinked = Directory.GetFiles(RepositoryFiles.PathOf("docs"), "*.md")
            .Select(Path.GetFileName)
            .Where(name => name != "index.md" && !linked.Contains(name!))
            .ToList();

        Assert.True(unlinked.Count == 0, "docs/index.md (the site's table of contents) does not link: " + string.Join(", ", unlinked));
        Assert.Contains(MarkdownPage.Read(RepositoryFiles.PathOf("README.md")).Links, l => l.Target == "docs/index.md");
    }

    [Theory]
    [InlineData("One key/value contract", "one-keyvalue-contract")]
    [InlineData("Hosting: AddBackends, exit code 70, shutdown and health checks", "hosting-addbackends-exit-code-70-shutdown-and-health-checks")]
    [InlineData("`sqlite` (package `Backends.Sqlite`, Microsoft.Data.Sqlite) — the embedded default", "sqlite-package-backendssqlite-microsoftdatasqlite--the-embedded-default")]
    [InlineData("Start-up and self-healing", "start-up-and-self-healing")]
    public void Anchors_are_GitHub_heading_slugs(string heading, string slug) => Assert.Equal(slug, MarkdownPage.Slug(heading));

    [Fact]
    public void The_link_finder_sees_links_and_skips_code()
    {
        var file = Path.Combine(Path.GetTempPath(), $"links-{Guid.NewGuid():N}.md");
        File.WriteAllLines(file, [
            "# Title", "see [a](a.md#x) and `[not](b.md)`", "```", "[not](c.md)", "```", "## Title", "<a id=\"custom\"></a>"]);
        try
        {
            var page = MarkdownPage.Read(file);

            Assert.Equal(["a.md#x"], page.Links.Select(l => l.Target));
            Assert.Equal(["custom", "title", "title-1"], page.Anchors.Order(StringComparer.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
