using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace Backends.MongoDb.Serialization;

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
