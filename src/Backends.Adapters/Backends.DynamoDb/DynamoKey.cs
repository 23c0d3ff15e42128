using Amazon.DynamoDBv2.Model;

namespace Backends.DynamoDb;

/// <summary>The primary key of one item: its hash key and, on a table with a sort key, its range key.</summary>
/// <param name="Hash">The partition key value.</param>
/// <param name="Range">The sort key value, or <see langword="null"/> on a hash-only table.</param>
public readonly record struct DynamoKey(AttributeValue Hash, AttributeValue? Range = null);
