using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace Backends.MongoDb.Serialization;

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
