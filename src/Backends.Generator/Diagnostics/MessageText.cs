using System.Globalization;
using System.Text;

namespace Backends.Generator.Diagnostics;

/// <summary>
/// How diagnostic messages quote what the user wrote: short, on one line, and with unprintable characters named
/// by their code point. Shared by every step that reports, so all messages quote alike.
/// </summary>
internal static class MessageText
{
    /// <summary>The longest text a message quotes before cutting it off with an ellipsis.</summary>
    public const int MaxQuotedLength = 40;

    /// <summary>How a message shows one character: printable ASCII quoted, anything else as its code point.</summary>
    public static string Describe(char c) =>
        c is > ' ' and < '\u007f'
            ? "'" + c + "'"
            : "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);

    /// <summary>The text as a message quotes it: at most <see cref="MaxQuotedLength"/> characters, control characters and line breaks as spaces.</summary>
    public static string Shorten(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Length > MaxQuotedLength ? text.Substring(0, MaxQuotedLength) : text)
        {
            builder.Append(c < ' ' || IsLineBreak(c) ? ' ' : c);
        }

        if (text.Length > MaxQuotedLength)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    /// <summary>Whether <paramref name="c"/> ends a line, as Roslyn counts lines.</summary>
    public static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029';
}
