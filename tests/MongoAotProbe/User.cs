using MongoDB.Bson;

namespace MongoAotProbe;

/// <summary>A user's role; compared in LINQ predicates, which is where enums need extra AOT roots.</summary>
public enum Role
{
    Reader,
    Writer,
    Admin,
}

/// <summary>The probe's document type: its serializer is generated (or, with BackendsMongoSerializers=false, a driver class map).</summary>
public sealed class User
{
    public ObjectId Id { get; set; }

    public string Email { get; set; } = "";

    public string LastName { get; set; } = "";

    public int Age { get; set; }

    public Role Role { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<string> Tags { get; set; } = [];
}
