using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;

namespace IntegrationTests.MongoDb;

/// <summary>A typed document for the CRUD tests, mapped by a BsonClassMap (reflection: fine under JIT, which tests run on).</summary>
public sealed class Person
{
    private static readonly Lock s_mapping = new();

    public ObjectId Id { get; set; }

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    public int Age { get; set; }

    public Address? Address { get; set; }

    public List<string> Tags { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    /// <summary>Maps <see cref="Person"/> with camelCase element names, once per process.</summary>
    public static void EnsureMapped()
    {
        lock (s_mapping)
        {
            if (BsonClassMap.IsClassMapRegistered(typeof(Person)))
            {
                return;
            }

            ConventionRegistry.Register(
                "IntegrationTests.MongoDb camelCase",
                new ConventionPack { new CamelCaseElementNameConvention(), new IgnoreExtraElementsConvention(true) },
                type => type == typeof(Person) || type == typeof(Address));
            BsonClassMap.RegisterClassMap<Person>(map =>
            {
                map.AutoMap();
                map.MapIdMember(p => p.Id);
                map.MapMember(p => p.CreatedAt).SetSerializer(new MongoDB.Bson.Serialization.Serializers.DateTimeSerializer(DateTimeKind.Utc));
            });
            BsonClassMap.RegisterClassMap<Address>();
        }
    }
}

public sealed class Address
{
    public string City { get; set; } = "";

    public string Zip { get; set; } = "";
}
