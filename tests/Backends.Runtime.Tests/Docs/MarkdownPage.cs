using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Backends.Runtime.Tests.Docs;

/// <summary>
/// What the docs tests need of a Markdown page: its relative links and the anchors it defines (GitHub's heading slugs
/// and explicit <c>id</c>s), with fenced code blocks and inline code left out, as a renderer would.
/// </summary>
internal sealed partial class MarkdownPage
{
    private MarkdownPage(string path, IReadOnlyList<(int Line, string Target)> links, IReadOnlySet<string> anchors)
    {
        Path = path;
        Links = links;
        Anchors = anchors;
    }

    /// <summary>The page's full path.</summary>
    public string Path { get; }

    /// <summary>Every link target with the 1-based line it is written on.</summary>
    public IReadOnlyList<(int Line, string Target)> Links { get; }

    /// <summary>Every anchor a link may name with <c>#anchor</c>.</summary>
    public IReadOnlySet<string> Anchors { get; }

    public static MarkdownPage Read(string path)
    {
        var links = new List<(int, string)>();
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var slugs = new Dictionary<string, int>(StringComparer.Ordinal);
        var inFence = false;
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue;
            }

            foreach (Match id in ExplicitId().Matches(line))
            {
                anchors.Add(id.Groups[1].Value);
            }

            var heading = Heading().Match(line);
            if (heading.Success)
            {
                var slug = Slug(heading.Groups[1].Value);
                var seen = slugs.GetValueOrDefault(slug);
                slugs[slug] = seen + 1;
                anchors.Add(seen == 0 ? slug : slug + "-" + seen.ToString(CultureInfo.InvariantCulture));
            }

            // Links inside inline code are not links.
            foreach (Match link in Link().Matches(InlineCode().Replace(line, "")))
            {
                links.Add((i + 1, link.Groups[1].Value));
            }
        }

        return new MarkdownPage(path, links, anchors);
    }

    /// <summary>GitHub's heading anchor: the text as rendered, lower case, only letters, digits, '-', '_' and spaces, spaces as '-'.</summary>
    public static string Slug(string heading)
    {
        var rendered = LinkInHeading().Replace(heading, "$1");
        var slug = new StringBuilder();
        foreach (var c in rendered.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    [GeneratedRegex(@"^#{1,6}\s+(.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"`+[^`]*`+")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkInHeading();

    [GeneratedRegex(@"<a\s+(?:id|name)=""([^""]+)""")]
    private static partial Regex ExplicitId();
}
