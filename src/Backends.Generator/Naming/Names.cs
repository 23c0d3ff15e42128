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

    /// <summary>The JSON key for a property (<c>SslMode</c> → <c>sslMode</c>): <see cref="Shared.Naming.ToCamelCase"/>, shared with the runtime.</summary>
    public static string ToCamelCase(string name) => Shared.Naming.ToCamelCase(name);

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

    /// <summary>The candidate nearest to <paramref name="name"/>, if it is a likely typo: <see cref="Shared.EditDistance.Nearest"/>, shared with the runtime.</summary>
    public static string? Nearest(string name, IEnumerable<string> candidates) => Shared.EditDistance.Nearest(name, candidates);

    /// <summary>Edit distance ignoring case: <see cref="Shared.EditDistance.Between"/>, shared with the runtime.</summary>
    public static int Levenshtein(string a, string b) => Shared.EditDistance.Between(a, b);
}
