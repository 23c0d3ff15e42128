using System;
using System.Text;

namespace Backends.Generator.Emit;

/// <summary>
/// Writes C# with four-space indentation and LF line endings over a <see cref="StringBuilder"/>; blocks open and
/// close through <see cref="OpenBlock(string)"/> / <see cref="CloseBlock"/> so indentation cannot drift. A line can be
/// written whole (<see cref="WriteLine(string)"/>) or in pieces (<see cref="StartLine"/>, <see cref="Write(string)"/>,
/// <see cref="EndLine"/>), which spares building a string per line where thousands are written.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";

    private readonly StringBuilder _builder;
    private int _indent;

    public SourceWriter(int indent = 0)
        : this(new StringBuilder(256), indent)
    {
    }

    /// <summary>Writes into <paramref name="builder"/> (emptied first), so a caller can reuse one buffer for many pieces.</summary>
    public SourceWriter(StringBuilder builder, int indent)
    {
        _builder = builder.Clear();
        _indent = indent;
    }

    public void WriteLine()
    {
        _builder.Append('\n');
    }

    public void WriteLine(string line)
    {
        if (line.Length > 0)
        {
            StartLine();
            _builder.Append(line);
        }

        _builder.Append('\n');
    }

    /// <summary>Starts a line at the current indentation; the rest follows through <see cref="Write(string)"/>.</summary>
    public SourceWriter StartLine()
    {
        for (var i = 0; i < _indent; i++)
        {
            _builder.Append(IndentUnit);
        }

        return this;
    }

    /// <summary>Writes a piece of the current line.</summary>
    public SourceWriter Write(string text)
    {
        _builder.Append(text);
        return this;
    }

    /// <summary>Writes a piece of the current line.</summary>
    public SourceWriter Write(char c)
    {
        _builder.Append(c);
        return this;
    }

    /// <summary>Writes a string literal (<see cref="CSharp.Literal"/>) of <paramref name="value"/>.</summary>
    public SourceWriter WriteLiteral(string value)
    {
        _builder.Append('"');
        CSharp.AppendLiteralContent(_builder, value);
        _builder.Append('"');
        return this;
    }

    /// <summary>Writes the literal of <paramref name="first"/>, <paramref name="separator"/> and <paramref name="second"/> joined (<c>"mysql.demo"</c>).</summary>
    public SourceWriter WriteLiteral(string first, char separator, string second)
    {
        _builder.Append('"');
        CSharp.AppendLiteralContent(_builder, first);
        _builder.Append(separator);
        CSharp.AppendLiteralContent(_builder, second);
        _builder.Append('"');
        return this;
    }

    /// <summary>Writes XML doc text (<see cref="CSharp.DocText"/>) of <paramref name="value"/>.</summary>
    public SourceWriter WriteDocText(string value)
    {
        CSharp.AppendDocText(_builder, value);
        return this;
    }

    /// <summary>Ends the current line.</summary>
    public void EndLine() => _builder.Append('\n');

    /// <summary>Writes a fixed multi-line block (a raw string literal), each line at the current indentation.</summary>
    public void WriteLines(string block)
    {
        foreach (var line in block.Replace("\r\n", "\n").Split('\n'))
        {
            WriteLine(line);
        }
    }

    public void OpenBlock(string header)
    {
        WriteLine(header);
        OpenBlock();
    }

    /// <summary>Opens a block whose header ends the line before (a lambda's body).</summary>
    public void OpenBlock()
    {
        WriteLine("{");
        _indent++;
    }

    public void CloseBlock(string suffix = "")
    {
        if (_indent == 0)
        {
            throw new InvalidOperationException("CloseBlock without OpenBlock.");
        }

        _indent--;
        WriteLine("}" + suffix);
    }

    /// <summary>Returns what was written since the last call and empties the writer (its indentation stays).</summary>
    public string TakeText()
    {
        var text = _builder.ToString();
        _builder.Clear();
        return text;
    }

    public override string ToString() => _builder.ToString();
}
