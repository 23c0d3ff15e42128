using System.Globalization;
using System.Text;

namespace Backends.Generator.Emit;

/// <summary>Culture-free C# literals and safe comment text.</summary>
internal static class CSharp
{
    /// <summary>A regular string literal with every character outside printable ASCII escaped, so any input is safe.</summary>
    public static string Literal(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        builder.Append('"');
        AppendLiteralContent(builder, value);
        builder.Append('"');
        return builder.ToString();
    }

    /// <summary>Appends what goes between the quotes of <see cref="Literal"/>, without building a string.</summary>
    public static void AppendLiteralContent(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (c is < ' ' or > '~')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }
    }

    /// <summary>Text for a // comment: one line, whatever the input holds.</summary>
    public static string CommentText(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(IsCommentBreaking(c) ? '?' : c);
        }

        return builder.ToString();
    }

    /// <summary>Text for an XML doc comment: one line, markup characters escaped.</summary>
    public static string DocText(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        AppendDocText(builder, value);
        return builder.ToString();
    }

    /// <summary>Appends <see cref="DocText"/> of <paramref name="value"/>, without building a string.</summary>
    public static void AppendDocText(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '&':
                    builder.Append("&amp;");
                    break;
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                default:
                    builder.Append(IsCommentBreaking(c) ? '?' : c);
                    break;
            }
        }
    }

    /// <summary>A character that would end a // comment's line (or is invisible in one), written as '?'.</summary>
    private static bool IsCommentBreaking(char c) => c < ' ' || c is '\u0085' or '\u2028' or '\u2029' or '\u007f';

    public static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "d";
}
