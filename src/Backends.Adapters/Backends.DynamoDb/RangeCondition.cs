using Amazon.DynamoDBv2.Model;

namespace Backends.DynamoDb;

/// <summary>
/// A condition on the sort (range) key of a query: <c>=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>,
/// <c>BETWEEN</c> or <c>begins_with</c>. Values are <see cref="AttributeValue"/>s of the key's type (see <see cref="DynamoValue"/>);
/// generated typed overloads build them from the member's C# type.
/// </summary>
public sealed class RangeCondition
{
    private readonly string _template;

    private RangeCondition(string template, AttributeValue value, AttributeValue? second = null)
    {
        _template = template;
        Value = value ?? throw new ArgumentNullException(nameof(value));
        Second = second;
    }

    /// <summary>The (first) value compared with.</summary>
    public AttributeValue Value { get; }

    /// <summary>The upper bound of <see cref="Between"/>.</summary>
    public AttributeValue? Second { get; }

    /// <summary>The sort key equals <paramref name="value"/>.</summary>
    public static RangeCondition EqualTo(AttributeValue value) => new("{0} = {1}", value);

    /// <summary>The sort key is less than <paramref name="value"/>.</summary>
    public static RangeCondition LessThan(AttributeValue value) => new("{0} < {1}", value);

    /// <summary>The sort key is at most <paramref name="value"/>.</summary>
    public static RangeCondition LessThanOrEqual(AttributeValue value) => new("{0} <= {1}", value);

    /// <summary>The sort key is greater than <paramref name="value"/>.</summary>
    public static RangeCondition GreaterThan(AttributeValue value) => new("{0} > {1}", value);

    /// <summary>The sort key is at least <paramref name="value"/>.</summary>
    public static RangeCondition GreaterThanOrEqual(AttributeValue value) => new("{0} >= {1}", value);

    /// <summary>The sort key is between <paramref name="low"/> and <paramref name="high"/>, both included.</summary>
    public static RangeCondition Between(AttributeValue low, AttributeValue high) =>
        new("{0} BETWEEN {1} AND {2}", low, high ?? throw new ArgumentNullException(nameof(high)));

    /// <summary>The (string or binary) sort key begins with <paramref name="prefix"/>.</summary>
    public static RangeCondition BeginsWith(AttributeValue prefix) => new("begins_with({0}, {1})", prefix);

    /// <summary>The key condition text, with <c>#r</c> for the attribute and <c>:r1</c> / <c>:r2</c> for the values.</summary>
    internal string Expression => string.Format(System.Globalization.CultureInfo.InvariantCulture, _template, "#r", ":r1", ":r2");
}
