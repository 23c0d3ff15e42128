using System.Buffers.Binary;
using System.Text;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace MongoTestServer;

/// <summary>
/// Framing of the MongoDB wire protocol: a 16-byte header (length, requestID, responseTo, opCode) and the
/// bodies of OP_MSG (all commands of MongoDB 3.6+), OP_QUERY (only the legacy first handshake) and OP_REPLY
/// (the answer to an OP_QUERY). All integers are little-endian.
/// </summary>
internal static class Wire
{
    public const int HeaderLength = 16;
    public const int OpReply = 1;
    public const int OpQuery = 2004;
    public const int OpCompressed = 2012;
    public const int OpMsg = 2013;

    public const uint ChecksumPresent = 1u << 0;
    public const uint MoreToCome = 1u << 1;

    /// <summary>Parses an OP_MSG body into one command: the kind-0 body plus each kind-1 document sequence as an array field.</summary>
    public static (uint Flags, BsonDocument Command) ParseMsg(ReadOnlySpan<byte> body)
    {
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(body);
        var end = body.Length - ((flags & ChecksumPresent) != 0 ? 4 : 0);
        var position = 4;
        BsonDocument? command = null;
        List<(string Identifier, BsonArray Documents)> sequences = [];
        while (position < end)
        {
            var kind = body[position++];
            if (kind == 0)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(body[position..]);
                command = Decode(body.Slice(position, length));
                position += length;
            }
            else if (kind == 1)
            {
                var size = BinaryPrimitives.ReadInt32LittleEndian(body[position..]);
                var sectionEnd = position + size;
                position += 4;
                var identifier = ReadCString(body, ref position);
                var documents = new BsonArray();
                while (position < sectionEnd)
                {
                    var length = BinaryPrimitives.ReadInt32LittleEndian(body[position..]);
                    documents.Add(Decode(body.Slice(position, length)));
                    position += length;
                }

                sequences.Add((identifier, documents));
            }
            else
            {
                throw new InvalidDataException($"OP_MSG section kind {kind} is not supported.");
            }
        }

        if (command is null)
        {
            throw new InvalidDataException("OP_MSG without a body section.");
        }

        foreach (var (identifier, documents) in sequences)
        {
            command[identifier] = documents;
        }

        return (flags, command);
    }

    /// <summary>Parses an OP_QUERY body: the full collection name (<c>admin.$cmd</c>) and the query, unwrapped from <c>$query</c>.</summary>
    public static (string Database, BsonDocument Command) ParseQuery(ReadOnlySpan<byte> body)
    {
        var position = 4; // flags
        var fullCollectionName = ReadCString(body, ref position);
        position += 8; // numberToSkip, numberToReturn
        var length = BinaryPrimitives.ReadInt32LittleEndian(body[position..]);
        var query = Decode(body.Slice(position, length));
        if (query.ElementCount > 0 && query.GetElement(0).Name is "$query" or "query" && query[0] is BsonDocument wrapped)
        {
            query = wrapped;
        }

        var dot = fullCollectionName.IndexOf('.', StringComparison.Ordinal);
        return (dot < 0 ? fullCollectionName : fullCollectionName[..dot], query);
    }

    /// <summary>An OP_MSG answer carrying <paramref name="reply"/> as its body section.</summary>
    public static byte[] Msg(int requestId, int responseTo, BsonDocument reply)
    {
        var document = reply.ToBson();
        var message = new byte[HeaderLength + 4 + 1 + document.Length];
        WriteHeader(message, requestId, responseTo, OpMsg);
        // flags (4 bytes) stay 0; section kind 0.
        message[HeaderLength + 4] = 0;
        document.CopyTo(message, HeaderLength + 5);
        return message;
    }

    /// <summary>An OP_REPLY answer carrying one document.</summary>
    public static byte[] Reply(int requestId, int responseTo, BsonDocument reply)
    {
        var document = reply.ToBson();
        var message = new byte[HeaderLength + 20 + document.Length];
        WriteHeader(message, requestId, responseTo, OpReply);
        var span = message.AsSpan(HeaderLength);
        // responseFlags 0, cursorID 0, startingFrom 0, numberReturned 1.
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 1);
        document.CopyTo(message, HeaderLength + 20);
        return message;
    }

    private static void WriteHeader(byte[] message, int requestId, int responseTo, int opCode)
    {
        var span = message.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span, message.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], requestId);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], responseTo);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], opCode);
    }

    private static BsonDocument Decode(ReadOnlySpan<byte> bytes) => BsonSerializer.Deserialize<BsonDocument>(bytes.ToArray());

    private static string ReadCString(ReadOnlySpan<byte> body, ref int position)
    {
        var length = body[position..].IndexOf((byte)0);
        var text = Encoding.UTF8.GetString(body.Slice(position, length));
        position += length + 1;
        return text;
    }
}
