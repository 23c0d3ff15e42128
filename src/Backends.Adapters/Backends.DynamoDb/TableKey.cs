using Amazon.DynamoDBv2;

namespace Backends.DynamoDb;

/// <summary>One key attribute of a table or index: its name in the item and its scalar type.</summary>
/// <param name="Name">The attribute name, as the item mapper writes it (<c>customerId</c>).</param>
/// <param name="Type">Its scalar type.</param>
public readonly record struct TableKey(string Name, DynamoKeyType Type)
{
    /// <summary>The SDK's name of <see cref="Type"/>.</summary>
    internal ScalarAttributeType ScalarType => Type switch
    {
        DynamoKeyType.N => ScalarAttributeType.N,
        DynamoKeyType.B => ScalarAttributeType.B,
        _ => ScalarAttributeType.S,
    };

    /// <summary>Reads the SDK's scalar type name (<c>S</c>, <c>N</c>, <c>B</c>).</summary>
    internal static DynamoKeyType Parse(string? type) => type switch
    {
        "N" => DynamoKeyType.N,
        "B" => DynamoKeyType.B,
        _ => DynamoKeyType.S,
    };

    /// <summary>The SDK's one-letter name of a key type.</summary>
    internal static string Letter(DynamoKeyType type) => type switch
    {
        DynamoKeyType.N => "N",
        DynamoKeyType.B => "B",
        _ => "S",
    };

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Letter(Type)})";
}
