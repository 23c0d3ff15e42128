using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace Backends.MongoDb.Serialization;

/// <summary>
/// A <see cref="List{T}"/> as a BSON array, written item by item through <see cref="IBsonWriter"/> with an item serializer
/// given up front, so nothing is looked up by reflection (native AOT). Generated document serializers use it for
/// <c>List&lt;T&gt;</c> members; <see cref="IBsonArraySerializer"/> lets the driver render filters on the items
/// (<c>Filter.AnyEq(u =&gt; u.Tags, "x")</c>).
/// </summary>
/// <typeparam name="TItem">The item type.</typeparam>
public sealed class BsonListSerializer<TItem> : SerializerBase<List<TItem>>, IBsonArraySerializer
{
    private readonly IBsonSerializer<TItem> _itemSerializer;

    /// <summary>Creates the serializer over <paramref name="itemSerializer"/>.</summary>
    /// <param name="itemSerializer">Writes and reads one item.</param>
    public BsonListSerializer(IBsonSerializer<TItem> itemSerializer)
    {
        ArgumentNullException.ThrowIfNull(itemSerializer);
        _itemSerializer = itemSerializer;
    }

    /// <inheritdoc />
    public override List<TItem> Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args) =>
        BsonArrays.Read(context, _itemSerializer)!;

    /// <inheritdoc />
    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, List<TItem> value) =>
        BsonArrays.Write(context, _itemSerializer, value);

    /// <inheritdoc />
    public bool TryGetItemSerializationInfo(out BsonSerializationInfo serializationInfo)
    {
        serializationInfo = new BsonSerializationInfo(null, _itemSerializer, typeof(TItem));
        return true;
    }
}

/// <summary>
/// An <see cref="IReadOnlyList{T}"/> as a BSON array (read back as a <see cref="List{T}"/>); see <see cref="BsonListSerializer{TItem}"/>.
/// </summary>
/// <typeparam name="TItem">The item type.</typeparam>
public sealed class BsonReadOnlyListSerializer<TItem> : SerializerBase<IReadOnlyList<TItem>>, IBsonArraySerializer
{
    private readonly IBsonSerializer<TItem> _itemSerializer;

    /// <summary>Creates the serializer over <paramref name="itemSerializer"/>.</summary>
    /// <param name="itemSerializer">Writes and reads one item.</param>
    public BsonReadOnlyListSerializer(IBsonSerializer<TItem> itemSerializer)
    {
        ArgumentNullException.ThrowIfNull(itemSerializer);
        _itemSerializer = itemSerializer;
    }

    /// <inheritdoc />
    public override IReadOnlyList<TItem> Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args) =>
        BsonArrays.Read(context, _itemSerializer)!;

    /// <inheritdoc />
    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, IReadOnlyList<TItem> value) =>
        BsonArrays.Write(context, _itemSerializer, value);

    /// <inheritdoc />
    public bool TryGetItemSerializationInfo(out BsonSerializationInfo serializationInfo)
    {
        serializationInfo = new BsonSerializationInfo(null, _itemSerializer, typeof(TItem));
        return true;
    }
}

/// <summary>The array reading and writing the list serializers share; null is BSON null.</summary>
internal static class BsonArrays
{
    public static List<TItem>? Read<TItem>(BsonDeserializationContext context, IBsonSerializer<TItem> itemSerializer)
    {
        var reader = context.Reader;
        if (reader.GetCurrentBsonType() == BsonType.Null)
        {
            reader.ReadNull();
            return null;
        }

        var list = new List<TItem>();
        reader.ReadStartArray();
        while (reader.ReadBsonType() != BsonType.EndOfDocument)
        {
            list.Add(itemSerializer.Deserialize(context));
        }

        reader.ReadEndArray();
        return list;
    }

    public static void Write<TItem>(BsonSerializationContext context, IBsonSerializer<TItem> itemSerializer, IEnumerable<TItem>? value)
    {
        var writer = context.Writer;
        if (value is null)
        {
            writer.WriteNull();
            return;
        }

        writer.WriteStartArray();
        foreach (var item in value)
        {
            itemSerializer.Serialize(context, item);
        }

        writer.WriteEndArray();
    }
}
