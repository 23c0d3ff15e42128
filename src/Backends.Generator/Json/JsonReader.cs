using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using Backends.Generator.Diagnostics;
using Backends.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Backends.Generator.Json;

/// <summary>
/// A small JSON reader for backends files: accepts // and /* */ comments and trailing commas, records the span and
/// line/column of every value and key, stops at the first syntax error with its exact position, and never
/// recurses deeper than <see cref="MaxDepth"/>. Line breaks are counted as Roslyn counts them, so positions match
/// what the IDE shows.
/// </summary>
internal sealed class JsonReader
{
    /// <summary>The deepest nesting accepted; a backends file needs four or five levels.</summary>
    public const int MaxDepth = 64;

    private readonly string _text;
    private readonly string _path;
    private readonly CancellationToken _cancellationToken;
    private readonly List<DiagnosticInfo> _diagnostics = [];

    /// <summary>One buffer for every string read: a string costs only its own text.</summary>
    private readonly StringBuilder _string = new();

    private int _position;
    private int _line;
    private int _lineStart;

    private JsonReader(string text, string path, CancellationToken cancellationToken)
    {
        _text = text;
        _path = path;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Reads <paramref name="text"/>; <see cref="JsonReadResult.Root"/> is null when it has a syntax error.</summary>
    public static JsonReadResult Read(string text, string path, CancellationToken cancellationToken)
    {
        var reader = new JsonReader(text, path, cancellationToken);
        try
        {
            var root = reader.ReadDocument();
            return new JsonReadResult(root, reader._diagnostics.ToEquatableArray());
        }
        catch (JsonSyntaxException error)
        {
            reader._diagnostics.Add(DiagnosticInfo.Create(
                error.Descriptor,
                new LocationInfo(path, TextSpan.FromBounds(error.Start.Offset, error.End.Offset), new LinePositionSpan(error.Start.Position, error.End.Position)),
                error.Message));
            return new JsonReadResult(null, reader._diagnostics.ToEquatableArray());
        }
    }

    private bool AtEnd => _position >= _text.Length;

    private char Current => _text[_position];

    private Mark Here => new(_position, new LinePosition(_line, _position - _lineStart));

    private JsonNode ReadDocument()
    {
        SkipTrivia();
        if (AtEnd)
        {
            throw Error(Here, Here, "the file is empty: write {} or an object of backend kinds, for example { \"sqlite\": { \"local\": { \"path\": \"app.db\" } } }");
        }

        var root = ReadValue(0);
        SkipTrivia();
        if (!AtEnd)
        {
            var start = Here;
            Advance();
            throw Error(start, Here, $"unexpected {MessageText.Describe(_text[start.Offset])} after the end of the JSON document: remove it, or move it inside the top-level object");
        }

        return root;
    }

    private JsonNode ReadValue(int depth)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        SkipTrivia();
        if (AtEnd)
        {
            throw Error(Here, Here, "the file ends where a value should be: write a value (an object, an array, a \"string\", a number, true, false or null)");
        }

        var c = Current;
        switch (c)
        {
            case '{':
                return ReadObject(depth + 1);
            case '[':
                return ReadArray(depth + 1);
            case '"':
                return ReadString();
            case '\'':
                throw SingleQuote();
            case '-':
                return ReadNumber();
            default:
                if (c is >= '0' and <= '9')
                {
                    return ReadNumber();
                }

                if (IsWordChar(c))
                {
                    return ReadWord();
                }

                var start = Here;
                Advance();
                throw Error(start, Here, $"unexpected {MessageText.Describe(c)}: write a value (an object, an array, a \"string\", a number, true, false or null)");
        }
    }

    private JsonNode ReadObject(int depth)
    {
        var start = Here;
        Advance();
        if (depth > MaxDepth)
        {
            throw new JsonSyntaxException(DiagnosticDescriptors.JsonTooDeep, MaxDepth.ToString(CultureInfo.InvariantCulture), start, Here);
        }

        var members = new List<JsonMember>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (true)
        {
            SkipTrivia();
            if (AtEnd)
            {
                throw Error(Here, Here, $"the file ends inside the object that starts on line {start.Position.Line + 1}: close it with '}}'");
            }

            if (Current == '}')
            {
                Advance();
                break;
            }

            if (Current != '"')
            {
                throw ExpectedKey();
            }

            var key = ReadString();
            SkipTrivia();
            if (AtEnd || Current != ':')
            {
                throw Unexpected($"':' after the key \"{MessageText.Shorten(key.Text)}\"");
            }

            Advance();
            var value = ReadValue(depth);
            if (seen.TryGetValue(key.Text, out var firstLine))
            {
                _diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.DuplicateKey,
                    key.Location(_path),
                    MessageText.Shorten(key.Text),
                    firstLine.ToString(CultureInfo.InvariantCulture)));
            }
            else
            {
                seen.Add(key.Text, key.LineSpan.Start.Line + 1);
                members.Add(new JsonMember(key.Text, key.Span, key.LineSpan, value));
            }

            SkipTrivia();
            if (AtEnd)
            {
                throw Error(Here, Here, $"the file ends inside the object that starts on line {start.Position.Line + 1}: close it with '}}'");
            }

            if (Current == ',')
            {
                Advance();
                continue;
            }

            if (Current == '}')
            {
                Advance();
                break;
            }

            throw Unexpected($"',' or '}}' after the value of \"{MessageText.Shorten(key.Text)}\" (separate members with commas)");
        }

        return Node(JsonKind.Object, "", start, members.ToEquatableArray(), EquatableArray<JsonNode>.Empty);
    }

    private JsonNode ReadArray(int depth)
    {
        var start = Here;
        Advance();
        if (depth > MaxDepth)
        {
            throw new JsonSyntaxException(DiagnosticDescriptors.JsonTooDeep, MaxDepth.ToString(CultureInfo.InvariantCulture), start, Here);
        }

        var items = new List<JsonNode>();
        while (true)
        {
            SkipTrivia();
            if (AtEnd)
            {
                throw Error(Here, Here, $"the file ends inside the array that starts on line {start.Position.Line + 1}: close it with ']'");
            }

            if (Current == ']')
            {
                Advance();
                break;
            }

            if (Current == ',')
            {
                throw Unexpected("a value before ',' (an array cannot start with a comma or hold two in a row)");
            }

            items.Add(ReadValue(depth));
            SkipTrivia();
            if (AtEnd)
            {
                throw Error(Here, Here, $"the file ends inside the array that starts on line {start.Position.Line + 1}: close it with ']'");
            }

            if (Current == ',')
            {
                Advance();
                continue;
            }

            if (Current == ']')
            {
                Advance();
                break;
            }

            throw Unexpected("',' or ']' after an array item (separate items with commas)");
        }

        return Node(JsonKind.Array, "", start, EquatableArray<JsonMember>.Empty, items.ToEquatableArray());
    }

    private JsonNode ReadString()
    {
        var start = Here;
        Advance();
        var builder = _string.Clear();
        while (true)
        {
            if (AtEnd)
            {
                throw Error(start, Here, "the string is not closed: end it with '\"'");
            }

            var c = Current;
            if (c == '"')
            {
                Advance();
                break;
            }

            if (c == '\\')
            {
                builder.Append(ReadEscape(start));
                continue;
            }

            if (c is '\n' or '\r')
            {
                throw Error(start, Here, "the string is not closed before the end of the line: end it with '\"' (write \\n for a line break inside a string)");
            }

            if (c < ' ')
            {
                var at = Here;
                Advance();
                throw Error(at, Here, $"the control character {MessageText.Describe(c)} cannot appear inside a string: write it escaped, as \\u{(int)c:x4}");
            }

            builder.Append(c);
            Advance();
        }

        return Node(JsonKind.String, builder.ToString(), start, EquatableArray<JsonMember>.Empty, EquatableArray<JsonNode>.Empty);
    }

    private char ReadEscape(Mark stringStart)
    {
        var start = Here;
        Advance();
        if (AtEnd)
        {
            throw Error(stringStart, Here, "the string is not closed: end it with '\"'");
        }

        var c = Current;
        Advance();
        switch (c)
        {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                var value = 0;
                for (var i = 0; i < 4; i++)
                {
                    var digit = AtEnd ? -1 : HexValue(Current);
                    if (digit < 0)
                    {
                        throw Error(start, Here, "'\\u' must be followed by four hexadecimal digits, for example \\u00e9");
                    }

                    value = (value * 16) + digit;
                    Advance();
                }

                return (char)value;
            default:
                if (c is '\n' or '\r')
                {
                    throw Error(stringStart, Here, "the string is not closed before the end of the line: end it with '\"' (write \\n for a line break inside a string)");
                }

                throw Error(start, Here, $"'\\{(c < ' ' ? MessageText.Describe(c) : c.ToString())}' is not a JSON escape: write \\\\ for a backslash, or one of \\\" \\/ \\b \\f \\n \\r \\t \\uXXXX");
        }
    }

    private JsonNode ReadNumber()
    {
        var start = Here;
        while (!AtEnd && (IsWordChar(Current) || Current is '.' or '+' or '-'))
        {
            Advance();
        }

        var text = _text.Substring(start.Offset, _position - start.Offset);
        if (!IsJsonNumber(text))
        {
            throw Error(start, Here, $"'{MessageText.Shorten(text)}' is not a JSON number: write digits such as 42, -1 or 2.5e3, or put text in double quotes (\"{MessageText.Shorten(text)}\")");
        }

        return Node(JsonKind.Number, text, start, EquatableArray<JsonMember>.Empty, EquatableArray<JsonNode>.Empty);
    }

    private JsonNode ReadWord()
    {
        var start = Here;
        while (!AtEnd && IsWordChar(Current))
        {
            Advance();
        }

        var word = _text.Substring(start.Offset, _position - start.Offset);
        var kind = word switch
        {
            "true" => JsonKind.True,
            "false" => JsonKind.False,
            "null" => JsonKind.Null,
            _ => (JsonKind?)null,
        };
        if (kind is { } known)
        {
            return Node(known, word, start, EquatableArray<JsonMember>.Empty, EquatableArray<JsonNode>.Empty);
        }

        var lower = word.ToLowerInvariant();
        if (lower is "true" or "false" or "null")
        {
            throw Error(start, Here, $"'{word}' is not a JSON value: write {lower} in lower case");
        }

        throw Error(start, Here, $"'{MessageText.Shorten(word)}' is not a JSON value: put text in double quotes (\"{MessageText.Shorten(word)}\")");
    }

    private void SkipTrivia()
    {
        while (!AtEnd)
        {
            var c = Current;
            if (c is ' ' or '\t' or '\n' or '\r' || (c == '\uFEFF' && _position == 0))
            {
                Advance();
                continue;
            }

            if (c != '/')
            {
                return;
            }

            var start = Here;
            var next = _position + 1 < _text.Length ? _text[_position + 1] : '\0';
            if (next == '/')
            {
                while (!AtEnd && !MessageText.IsLineBreak(Current))
                {
                    Advance();
                }

                continue;
            }

            if (next == '*')
            {
                Advance();
                Advance();
                while (true)
                {
                    if (AtEnd)
                    {
                        var opened = new Mark(start.Offset + 2, new LinePosition(start.Position.Line, start.Position.Character + 2));
                        throw Error(start, opened, "the comment is not closed: end it with */");
                    }

                    if (Current == '*' && _position + 1 < _text.Length && _text[_position + 1] == '/')
                    {
                        Advance();
                        Advance();
                        break;
                    }

                    Advance();
                }

                continue;
            }

            Advance();
            throw Error(start, Here, "unexpected '/': a comment starts with // or /*");
        }
    }

    private void Advance()
    {
        var c = _text[_position++];
        if (c == '\r')
        {
            if (_position < _text.Length && _text[_position] == '\n')
            {
                return;
            }

            NewLine();
        }
        else if (c is '\n' or '\u0085' or '\u2028' or '\u2029')
        {
            NewLine();
        }
    }

    private void NewLine()
    {
        _line++;
        _lineStart = _position;
    }

    private JsonNode Node(JsonKind kind, string text, Mark start, EquatableArray<JsonMember> members, EquatableArray<JsonNode> items)
    {
        var end = Here;
        return new JsonNode(kind, text, members, items, TextSpan.FromBounds(start.Offset, end.Offset), new LinePositionSpan(start.Position, end.Position));
    }

    private JsonSyntaxException ExpectedKey()
    {
        var c = Current;
        if (c == '\'')
        {
            return SingleQuote();
        }

        if (IsWordChar(c))
        {
            var start = Here;
            while (!AtEnd && IsWordChar(Current))
            {
                Advance();
            }

            var word = _text.Substring(start.Offset, _position - start.Offset);
            return Error(start, Here, $"a key must be in double quotes: write \"{MessageText.Shorten(word)}\"");
        }

        if (c == ',')
        {
            return Unexpected("a key in double quotes or '}' (an object cannot start with a comma or hold two in a row)");
        }

        return Unexpected("a key in double quotes or '}'");
    }

    private JsonSyntaxException SingleQuote()
    {
        var start = Here;
        Advance();
        return Error(start, Here, "JSON strings use double quotes: write \"text\", not 'text'");
    }

    private JsonSyntaxException Unexpected(string expected)
    {
        var start = Here;
        if (AtEnd)
        {
            return Error(start, start, $"the file ends where {expected} should be");
        }

        var c = Current;
        Advance();
        return Error(start, Here, $"expected {expected}, found {MessageText.Describe(c)}");
    }

    private static JsonSyntaxException Error(Mark start, Mark end, string message) =>
        new(DiagnosticDescriptors.MalformedJson, message, start, end);

    private static bool IsWordChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>The strict JSON number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
    private static bool IsJsonNumber(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        if (i >= text.Length || !IsDigit(text[i]))
        {
            return false;
        }

        if (text[i] == '0')
        {
            i++;
        }
        else
        {
            while (i < text.Length && IsDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            if (i >= text.Length || !IsDigit(text[i]))
            {
                return false;
            }

            while (i < text.Length && IsDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            if (i >= text.Length || !IsDigit(text[i]))
            {
                return false;
            }

            while (i < text.Length && IsDigit(text[i]))
            {
                i++;
            }
        }

        return i == text.Length;
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private readonly struct Mark(int offset, LinePosition position)
    {
        public int Offset { get; } = offset;

        public LinePosition Position { get; } = position;
    }

    /// <summary>Ends reading at the first syntax error; caught in <see cref="Read"/>, never seen outside.</summary>
    private sealed class JsonSyntaxException(DiagnosticDescriptor descriptor, string message, Mark start, Mark end) : Exception(message)
    {
        public DiagnosticDescriptor Descriptor { get; } = descriptor;

        public Mark Start { get; } = start;

        public Mark End { get; } = end;
    }
}

/// <summary>The outcome of reading one file: the root value (null on a syntax error) and what was reported.</summary>
internal sealed record JsonReadResult(JsonNode? Root, EquatableArray<DiagnosticInfo> Diagnostics);
