using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Backends.Generator.Naming;

/// <summary>Turning config names into C# names, and finding the nearest known name for a did-you-mean.</summary>
internal static class Names
{
    /// <summary>
    /// <c>order-archive</c>, <c>order_archive</c>, <c>order.archive</c> and <c>order archive</c> all become
    /// <c>OrderArchive</c>: separators split words, each word's first letter is upper-cased, the rest is kept.
    /// </summary>
    public static string ToPascalCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upperNext = true;
        foreach (var c in name)
        {
            if (IsSeparator(c))
            {
                upperNext = true;
                continue;
            }

            builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }

        return builder.ToString();
    }

    /// <summary>The JSON key for a property, as System.Text.Json's camel case writes it: <c>SslMode</c> → <c>sslMode</c>, <c>SSLMode</c> → <c>sslMode</c>.</summary>
    public static string ToCamelCase(string name)
    {
        if (name.Length == 0 || !char.IsUpper(name[0]))
        {
            return name;
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i]))
            {
                break;
            }

            var hasNext = i + 1 < chars.Length;
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                break;
            }

            chars[i] = char.ToLowerInvariant(chars[i]);
        }

        return new string(chars);
    }

    public static bool IsSeparator(char c) => c is '-' or '_' or '.' or ' ';

    /// <summary>A name usable as a C# identifier without escaping: valid characters and not a keyword.</summary>
    public static bool IsIdentifier(string name) =>
        SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

    /// <summary>A dotted namespace whose every part is an identifier.</summary>
    public static bool IsNamespace(string name) => name.Split('.').All(IsIdentifier);

    /// <summary>
    /// The private field name for a connection (<c>s_mysql_demo</c>): the raw names with separators as underscores.
    /// Uniqueness is enforced by the caller.
    /// </summary>
    public static string ToFieldPart(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(SyntaxFacts.IsIdentifierPartCharacter(c) ? c : '_');
        }

        return builder.ToString();
    }

    /// <summary>The candidate nearest to <paramref name="name"/>, if it is close enough to be a likely typo.</summary>
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Levenshtein(name, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        var threshold = Math.Max(2, Math.Min(name.Length, best?.Length ?? 0) / 3);
        return best is not null && bestDistance <= threshold ? best : null;
    }

    /// <summary>Edit distance ignoring case, so <c>Database</c> is a near miss for <c>database</c>.</summary>
    public static int Levenshtein(string a, string b)
    {
        if (a.Length > 256 || b.Length > 256)
        {
            return Math.Max(a.Length, b.Length);
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
