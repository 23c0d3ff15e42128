using Amazon.DynamoDBv2.Model;

namespace Backends.DynamoDb;

/// <summary>
/// Converts <typeparamref name="T"/> to and from a DynamoDB item without reflection. Used by generated code: the
/// generator emits one mapper per document type (and per class it contains), each member written and read through
/// <see cref="DynamoValue"/>.
/// </summary>
/// <typeparam name="T">The document type.</typeparam>
public interface IDynamoItemMapper<T>
{
    /// <summary>The item for <paramref name="item"/>. Members that are <see langword="null"/> are left out (so sparse indexes work).</summary>
    Dictionary<string, AttributeValue> ToItem(T item);

    /// <summary>The document read from <paramref name="item"/>; attributes it does not know are ignored, missing ones keep their defaults.</summary>
    T FromItem(Dictionary<string, AttributeValue> item);
}
