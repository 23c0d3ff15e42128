using System.Dynamic;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace Backends.MongoDb;

/// <summary>
/// Registers, once per process, the serializers the driver otherwise creates through reflection. Measured with
/// MongoDB.Driver 3.14 under native AOT: without <see cref="ExpandoObjectSerializer"/> the server's replies (from the
/// handshake on) fail to parse, and without <see cref="StringSerializer"/> filters written with string field names
/// fail to render.
/// </summary>
internal static class AotSerializers
{
    private static int s_registered;

    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 1)
        {
            return;
        }

        TryRegister(typeof(ExpandoObject), new ExpandoObjectSerializer());
        TryRegister(typeof(string), new StringSerializer());
    }

    /// <summary>Registers <paramref name="serializer"/> unless <paramref name="type"/> already has one (which then wins).</summary>
    public static void TryRegister(Type type, IBsonSerializer serializer)
    {
        try
        {
            BsonSerializer.TryRegisterSerializer(type, serializer);
        }
        catch (BsonSerializationException)
        {
            // The application registered a different serializer for this type first; keep it.
        }
    }
}
