using System.Text.RegularExpressions;

namespace Backends.Runtime.Tests.Docs;

/// <summary>
/// A code block in docs/*.md that follows <c>&lt;!-- excerpt: path --&gt;</c> is a real excerpt of that file: its lines
/// appear there, in order and together, exactly as written. So the worked adapter of docs/adapters.md cannot drift from
/// the code that is built and tested.
/// </summary>
public sealed partial class DocsExcerptTests
{
    [Fact]
    public void Every_marked_excerpt_is_found_verbatim_in_its_file()
    {
        var problems = new List<string>();
        var count = 0;
        foreach (var page in Directory.GetFiles(RepositoryFiles.PathOf("docs"), "*.md"))
        {
            foreach (var (line, path, block) in Excerpts(File.ReadAllLines(page)))
            {
                count++;
                var where = $"{RepositoryFiles.Relative(page)}:{line}";
                var file = RepositoryFiles.PathOf(path);
                if (!File.Exists(file))
                {
                    problems.Add($"{where}: no such file {path}");
                }
                else if (!ContainsRun(File.ReadAllLines(file), block))
                {
                    problems.Add($"{where}: the excerpt is not in {path} as written");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(count >= 10, $"only {count} excerpts found: the marker may have changed");
    }

    [Fact]
    public void An_edited_excerpt_is_caught()
    {
        string[] file = ["a", "  b", "c"];

        Assert.True(ContainsRun(file, ["  b", "c"]));
        Assert.False(ContainsRun(file, ["b", "c"]));
        Assert.False(ContainsRun(file, ["a", "c"]));
    }

    private static IEnumerable<(int Line, string Path, string[] Block)> Excerpts(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var marker = Marker().Match(lines[i]);
            if (!marker.Success)
            {
                continue;
            }

            var open = i + 1;
            if (open >= lines.Length || !lines[open].StartsWith("```", StringComparison.Ordinal))
            {
                yield return (i + 1, marker.Groups[1].Value, ["<an excerpt marker not followed by a code block>"]);
                continue;
            }

            var close = Array.FindIndex(lines, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
            yield return (i + 1, marker.Groups[1].Value, lines[(open + 1)..close]);
            i = close;
        }
    }

    private static bool ContainsRun(string[] file, string[] block)
    {
        for (var start = 0; start + block.Length <= file.Length; start++)
        {
            if (file.AsSpan(start, block.Length).SequenceEqual(block))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"^<!--\s*excerpt:\s*(\S+)\s*-->$")]
    private static partial Regex Marker();
}
