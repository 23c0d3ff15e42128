namespace Backends.DynamoDb;

/// <summary>
/// A global secondary index of a declared table (projection: all attributes). Generated code creates one per entry of a
/// table's <c>"indexes"</c> in <c>backends.json</c>.
/// </summary>
/// <param name="Name">The index name, 3 to 255 characters of <c>[A-Za-z0-9_.-]</c> (<c>byEmail</c>).</param>
/// <param name="HashKey">The index's partition key.</param>
public sealed record IndexDefinition(string Name, TableKey HashKey)
{
    /// <summary>The index's sort key, if any.</summary>
    public TableKey? RangeKey { get; init; }

    /// <summary>Provisioned read capacity; with <see cref="WriteCapacity"/>, or neither (then the table's billing applies).</summary>
    public long? ReadCapacity { get; init; }

    /// <summary>Provisioned write capacity; with <see cref="ReadCapacity"/>, or neither.</summary>
    public long? WriteCapacity { get; init; }
}
