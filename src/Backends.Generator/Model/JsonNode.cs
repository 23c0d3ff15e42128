using Backends.Generator.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Backends.Generator.Model;

/// <summary>The kind of a JSON value.</summary>
internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>
/// One JSON value with where it was written. <see cref="Text"/> is a string's decoded content or a number's
/// source text; objects keep their members and arrays their items in source order.
/// </summary>
internal sealed record JsonNode(
    JsonKind Kind,
    string Text,
    EquatableArray<JsonMember> Members,
    EquatableArray<JsonNode> Items,
    TextSpan Span,
    LinePositionSpan LineSpan)
{
    /// <summary>How a message names this kind of value ("a string", "an array").</summary>
    public string Describe() => Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "the string \"" + MessageText.Shorten(Text) + "\"",
        JsonKind.Number => "the number " + MessageText.Shorten(Text),
        JsonKind.True => "true",
        JsonKind.False => "false",
        _ => "null",
    };

    public LocationInfo Location(string path) => new(path, Span, LineSpan);
}

/// <summary>One member of a JSON object: its key, where the key was written, and its value.</summary>
internal sealed record JsonMember(string Name, TextSpan NameSpan, LinePositionSpan NameLineSpan, JsonNode Value)
{
    public LocationInfo NameLocation(string path) => new(path, NameSpan, NameLineSpan);
}
