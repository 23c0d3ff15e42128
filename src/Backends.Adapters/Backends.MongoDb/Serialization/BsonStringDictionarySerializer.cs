using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Options;
using MongoDB.Bson.Serialization.Serializers;

namespace Backends.MongoDb.Serialization;

/// <summary>
/// A <see cref="Dictionary{TKey, TValue}"/> with string keys as a BSON document (<c>{ key: value, ... }</c>), written
/// through <see cref="IBsonWriter"/> with a value serializer given up front, so nothing is looked up by reflection
/// (native AOT). Generated document serializers use it for <c>Dictionary&lt;string, T&gt;</c> members.
/// </summary>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed class BsonStringDictionarySerializer<TValue> : SerializerBase<Dictionary<string, TValue>>, IBsonDictionarySerializer
{
    private static readonly StringSerializer s_keySerializer = new();
    private readonly IBsonSerializer<TValue> _valueSerializer;

    /// <summary>Creates the serializer over <paramref name="valueSerializer"/>.</summary>
    /// <param name="valueSerializer">Writes and reads one value.</param>
    public BsonStringDictionarySerializer(IBsonSerializer<TValue> valueSerializer)
    {
        ArgumentNullException.ThrowIfNull(valueSerializer);
        _valueSerializer = valueSerializer;
    }

    /// <inheritdoc />
    public DictionaryRepresentation DictionaryRepresentation => DictionaryRepresentation.Document;

    /// <inheritdoc />
    public IBsonSerializer KeySerializer => s_keySerializer;

    /// <inheritdoc />
    public IBsonSerializer ValueSerializer => _valueSerializer;

    /// <inheritdoc />
    public override Dictionary<string, TValue> Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args)
    {
        var reader = context.Reader;
        if (reader.GetCurrentBsonType() == BsonType.Null)
        {
            reader.ReadNull();
            return null!;
        }

        var dictionary = new Dictionary<string, TValue>(StringComparer.Ordinal);
        reader.ReadStartDocument();
        while (reader.ReadBsonType() != BsonType.EndOfDocument)
        {
            var key = reader.ReadName();
            dictionary[key] = _valueSerializer.Deserialize(context);
        }

        reader.ReadEndDocument();
        return dictionary;
    }

    /// <inheritdoc />
    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, Dictionary<string, TValue> value)
    {
        var writer = context.Writer;
        if (value is null)
        {
            writer.WriteNull();
            return;
        }

        writer.WriteStartDocument();
        foreach (var (key, item) in value)
        {
            writer.WriteName(key);
            _valueSerializer.Serialize(context, item);
        }

        writer.WriteEndDocument();
    }
}
