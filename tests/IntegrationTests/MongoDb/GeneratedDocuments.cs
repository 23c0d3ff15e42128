using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace IntegrationTests.MongoDb;

/// <summary>How a product is sold; stored as its number (the default).</summary>
public enum Availability
{
    InStock,
    Backorder,
    Discontinued,
}

/// <summary>Where a product is shown; stored as its name ([BsonRepresentation(BsonType.String)]).</summary>
public enum Channel
{
    Web,
    Store,
}

/// <summary>
/// The document of the declared collection <c>products</c> (backends.json): every member kind the generated serializer
/// supports, so the round trip through <c>Db.MongoDb.Catalog.Products</c> covers them all.
/// </summary>
public sealed class Product
{
    public ObjectId Id { get; set; }

    public string Sku { get; set; } = "";

    public string? Name { get; set; }

    public string Category { get; set; } = "";

    public decimal Price { get; set; }

    public int Stock { get; set; }

    public long Views { get; set; }

    public double Rating { get; set; }

    public bool Active { get; set; }

    public Guid ExternalId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int? Discount { get; set; }

    public Availability Availability { get; set; }

    [BsonRepresentation(BsonType.String)]
    public Channel Channel { get; set; }

    public Availability? PreviousAvailability { get; set; }

    public byte[]? Thumbnail { get; set; }

    public Supplier? Supplier { get; set; }

    public List<Supplier> Alternatives { get; set; } = [];

    public string[] Tags { get; set; } = [];

    public IReadOnlyList<int> Sizes { get; set; } = [];

    public Dictionary<string, string> Attributes { get; set; } = [];

    public Dictionary<string, Dimensions> Packages { get; set; } = [];

    public ObjectId? ReplacedBy { get; set; }

    [BsonElement("desc")]
    [BsonIgnoreIfNull]
    public string? Description { get; set; }

    [BsonIgnore]
    public string Display => Sku + " " + Name;

    [BsonIgnore]
    public object? Scratch { get; set; }

#pragma warning disable CA1051 // a public field on purpose: the generated serializer stores fields too
    public int Revision;
#pragma warning restore CA1051
}

/// <summary>A nested class, referenced from <see cref="Product"/> (its serializer is generated too).</summary>
public sealed class Supplier
{
    public string Name { get; set; } = "";

    public string Country { get; set; } = "";

    public Dimensions? Box { get; set; }
}

/// <summary>A class nested two levels down, also inside a dictionary.</summary>
public sealed class Dimensions
{
    public double Width { get; set; }

    public double Height { get; set; }
}

/// <summary>The document of the declared collection <c>audit-log</c>: a string id marked [BsonId], no other id.</summary>
public sealed class AuditEntry
{
    [BsonId]
    public string Key { get; set; } = "";

    public string Action { get; set; } = "";

    public DateTime At { get; set; }
}
