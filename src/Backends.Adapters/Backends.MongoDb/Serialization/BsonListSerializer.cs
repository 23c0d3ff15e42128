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
