using System.Globalization;
using Backends.Generator.Json;
using Backends.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace GeneratorTests;

/// <summary>The JSONC reader: comments, trailing commas, decoding, and a position for every token and every error.</summary>
public sealed class JsonReaderTests
{
    [Fact]
    public void Comments_and_trailing_commas_are_accepted()
    {
        var result = JsonReader.Read("""
            // leading comment
            {
              /* block
                 comment */ "a": [1, 2, 3,], // after a value
              "b": { "c": true, },
            }
            """, "f.json", default);

        Assert.Empty(result.Diagnostics);
        var root = Assert.IsType<JsonNode>(result.Root);
        Assert.Equal(["a", "b"], root.Members.Select(m => m.Name));
        Assert.Equal(["1", "2", "3"], root.Members[0].Value.Items.Select(i => i.Text));
        Assert.Equal(JsonKind.True, root.Members[1].Value.Members.Single().Value.Kind);
    }

    [Fact]
    public void Every_key_and_value_knows_its_span_and_line_position()
    {
        // U+2028 is legal inside a JSON string, and Roslyn counts it as a line break: positions must agree.
        const string json = "{\n  \"kind\": {\r\n\t\"name\": [\"x\u2028\", 12.5e3, null], \"n\": false }\n}";
        var text = SourceText.From(json);
        var root = JsonReader.Read(json, "f.json", default).Root!;

        var nodes = new List<(TextSpan Span, LinePositionSpan Lines, string Expected)>();
        Collect(root);
        Assert.Equal(10, nodes.Count);
        Assert.All(nodes, n =>
        {
            Assert.Equal(n.Expected, text.ToString(n.Span));
            Assert.Equal(text.Lines.GetLinePositionSpan(n.Span), n.Lines);
        });

        // Spot checks in the IDE's terms: "name" on the third line (after a CRLF), one tab in.
        var name = root.Members[0].Value.Members[0];
        Assert.Equal(new LinePositionSpan(new LinePosition(2, 1), new LinePosition(2, 7)), name.NameLineSpan);
        // "n" follows the string holding U+2028, so it is on the next line.
        var n = root.Members[0].Value.Members[1];
        Assert.Equal(new LinePosition(3, 18), n.NameLineSpan.Start);

        void Collect(JsonNode node)
        {
            nodes.Add((node.Span, node.LineSpan, json.Substring(node.Span.Start, node.Span.Length)));
            foreach (var member in node.Members)
            {
                nodes.Add((member.NameSpan, member.NameLineSpan, "\"" + member.Name + "\""));
                Collect(member.Value);
            }

            foreach (var item in node.Items)
            {
                Collect(item);
            }
        }
    }

    [Fact]
    public void Escapes_are_decoded()
    {
        var root = JsonReader.Read("""{ "s": "\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00\u0000" }""", "f.json", default).Root!;

        Assert.Equal("\"\\/\b\f\n\r\t\u00e9\U0001F600\0", root.Members[0].Value.Text);
    }

    [Fact]
    public void A_byte_order_mark_at_the_start_is_skipped()
    {
        var result = JsonReader.Read("\uFEFF{}", "f.json", default);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(JsonKind.Object, result.Root!.Kind);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("12")]
    [InlineData("-1.5")]
    [InlineData("1e3")]
    [InlineData("2.5E-7")]
    [InlineData("1e+400")]
    public void Valid_numbers_keep_their_text(string number)
    {
        var root = JsonReader.Read("[" + number + "]", "f.json", default).Root!;

        Assert.Equal(number, root.Items.Single().Text);
        Assert.Equal(JsonKind.Number, root.Items.Single().Kind);
    }

    [Theory]
    [InlineData("", "the file is empty: write {} or an object of backend kinds, for example { \"sqlite\": { \"local\": { \"path\": \"app.db\" } } }", 0, 0, 0, 0)]
    [InlineData("{ \"a\": 1", "the file ends inside the object that starts on line 1: close it with '}'", 0, 8, 0, 8)]
    [InlineData("{ \"a\" 1 }", "expected ':' after the key \"a\", found '1'", 0, 6, 0, 7)]
    [InlineData("{ a: 1 }", "a key must be in double quotes: write \"a\"", 0, 2, 0, 3)]
    [InlineData("{ 'a': 1 }", "JSON strings use double quotes: write \"text\", not 'text'", 0, 2, 0, 3)]
    [InlineData("{ \"a\": 01 }", "'01' is not a JSON number: write digits such as 42, -1 or 2.5e3, or put text in double quotes (\"01\")", 0, 7, 0, 9)]
    [InlineData("{ \"a\": 10s }", "'10s' is not a JSON number: write digits such as 42, -1 or 2.5e3, or put text in double quotes (\"10s\")", 0, 7, 0, 10)]
    [InlineData("{ \"a\": True }", "'True' is not a JSON value: write true in lower case", 0, 7, 0, 11)]
    [InlineData("{ \"a\": yes }", "'yes' is not a JSON value: put text in double quotes (\"yes\")", 0, 7, 0, 10)]
    [InlineData("{ \"a\": \"x }", "the string is not closed: end it with '\"'", 0, 7, 0, 11)]
    [InlineData("{ \"a\": \"x\n\" }", "the string is not closed before the end of the line: end it with '\"' (write \\n for a line break inside a string)", 0, 7, 0, 9)]
    [InlineData("{ \"a\": \"\\q\" }", "'\\q' is not a JSON escape: write \\\\ for a backslash, or one of \\\" \\/ \\b \\f \\n \\r \\t \\uXXXX", 0, 8, 0, 10)]
    [InlineData("{ \"a\": \"\\u12\" }", "'\\u' must be followed by four hexadecimal digits, for example \\u00e9", 0, 8, 0, 12)]
    [InlineData("{ \"a\": \"\t\" }", "the control character U+0009 cannot appear inside a string: write it escaped, as \\u0009", 0, 8, 0, 9)]
    [InlineData("{\n  /* open", "the comment is not closed: end it with */", 1, 2, 1, 4)]
    [InlineData("{ / }", "unexpected '/': a comment starts with // or /*", 0, 2, 0, 3)]
    [InlineData("{ , }", "expected a key in double quotes or '}' (an object cannot start with a comma or hold two in a row), found ','", 0, 2, 0, 3)]
    [InlineData("[1,,2]", "expected a value before ',' (an array cannot start with a comma or hold two in a row), found ','", 0, 3, 0, 4)]
    [InlineData("[1 2]", "expected ',' or ']' after an array item (separate items with commas), found '2'", 0, 3, 0, 4)]
    [InlineData("{} x", "unexpected 'x' after the end of the JSON document: remove it, or move it inside the top-level object", 0, 3, 0, 4)]
    [InlineData("{\u2028}", "expected a key in double quotes or '}', found U+2028", 0, 1, 1, 0)]
    [InlineData("{ \"a\": \u00a0 }", "unexpected U+00A0: write a value (an object, an array, a \"string\", a number, true, false or null)", 0, 7, 0, 8)]
    public void Errors_say_what_to_write_and_where(string json, string message, int startLine, int startColumn, int endLine, int endColumn)
    {
        var result = JsonReader.Read(json, "f.json", default);

        Assert.Null(result.Root);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("BG0001", diagnostic.Descriptor.Id);
        Assert.Equal("Malformed JSON: " + message, diagnostic.ToDiagnostic().GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(new LinePositionSpan(new LinePosition(startLine, startColumn), new LinePosition(endLine, endColumn)), diagnostic.Location!.LineSpan);
        Assert.Equal(SourceText.From(json).Lines.GetLinePositionSpan(diagnostic.Location.TextSpan), diagnostic.Location.LineSpan);
    }

    [Fact]
    public void Nesting_stops_at_the_limit_without_recursing_further()
    {
        var atLimit = new string('[', JsonReader.MaxDepth) + new string(']', JsonReader.MaxDepth);
        var overLimit = new string('[', JsonReader.MaxDepth + 1) + new string(']', JsonReader.MaxDepth + 1);

        Assert.Empty(JsonReader.Read(atLimit, "f.json", default).Diagnostics);
        var diagnostic = Assert.Single(JsonReader.Read(overLimit, "f.json", default).Diagnostics);
        Assert.Equal("BG0014", diagnostic.Descriptor.Id);
        Assert.Equal(new TextSpan(JsonReader.MaxDepth, 1), diagnostic.Location!.TextSpan);
    }

    [Fact]
    public void Reading_the_same_text_twice_gives_equal_models()
    {
        const string json = """{ "a": { "b": [1, "two", null, { "c": false }] } }""";

        Assert.Equal(JsonReader.Read(json, "f.json", default), JsonReader.Read(json, "f.json", default));
        Assert.NotEqual(JsonReader.Read(json, "f.json", default), JsonReader.Read(json.Replace("two", "three", StringComparison.Ordinal), "f.json", default));
    }
}
