using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace IntegrationTests.MongoDb;

/// <summary>A document whose serializer is written by hand the way the generator will emit one (no reflection, so AOT-safe).</summary>
public sealed class Note
{
    public string Id { get; set; } = "";

    public string Title { get; set; } = "";

    public int Stars { get; set; }

    public DateTime? ExpiresAt { get; set; }
}

/// <summary>
/// <see cref="Note"/> ⇄ <c>{ _id, title, stars, expiresAt }</c>. <see cref="IBsonDocumentSerializer"/> lets the driver render
/// filters on member names (<c>Builders&lt;Note&gt;.Filter.Eq("stars", 3)</c>) and <see cref="IBsonIdProvider"/> lets it read the id.
/// </summary>
public sealed class NoteSerializer : SerializerBase<Note>, IBsonDocumentSerializer, IBsonIdProvider
{
    private static readonly StringSerializer s_string = new();
    private static readonly Int32Serializer s_int = new();
    private static readonly NullableSerializer<DateTime> s_date = new(new DateTimeSerializer(DateTimeKind.Utc));

    public override Note Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args)
    {
        var reader = context.Reader;
        var note = new Note();
        reader.ReadStartDocument();
        while (reader.ReadBsonType() != BsonType.EndOfDocument)
        {
            switch (reader.ReadName())
            {
                case "_id":
                    note.Id = reader.ReadString();
                    break;
                case "title":
                    note.Title = reader.ReadString();
                    break;
                case "stars":
                    note.Stars = reader.ReadInt32();
                    break;
                case "expiresAt":
                    note.ExpiresAt = s_date.Deserialize(context);
                    break;
                default:
                    reader.SkipValue();
                    break;
            }
        }

        reader.ReadEndDocument();
        return note;
    }

    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, Note value)
    {
        var writer = context.Writer;
        writer.WriteStartDocument();
        writer.WriteString("_id", value.Id);
        writer.WriteString("title", value.Title);
        writer.WriteInt32("stars", value.Stars);
        if (value.ExpiresAt is { } expires)
        {
            writer.WriteName("expiresAt");
            writer.WriteDateTime(BsonUtils.ToMillisecondsSinceEpoch(expires.ToUniversalTime()));
        }

        writer.WriteEndDocument();
    }

    public bool TryGetMemberSerializationInfo(string memberName, out BsonSerializationInfo serializationInfo)
    {
        serializationInfo = memberName switch
        {
            "Id" or "_id" => new BsonSerializationInfo("_id", s_string, typeof(string)),
            "Title" or "title" => new BsonSerializationInfo("title", s_string, typeof(string)),
            "Stars" or "stars" => new BsonSerializationInfo("stars", s_int, typeof(int)),
            "ExpiresAt" or "expiresAt" => new BsonSerializationInfo("expiresAt", s_date, typeof(DateTime?)),
            _ => null!,
        };
        return serializationInfo is not null;
    }

    public bool GetDocumentId(object document, out object id, out Type idNominalType, out IIdGenerator idGenerator)
    {
        id = ((Note)document).Id;
        idNominalType = typeof(string);
        idGenerator = null!;
        return true;
    }

    public void SetDocumentId(object document, object id) => ((Note)document).Id = (string)id;
}
