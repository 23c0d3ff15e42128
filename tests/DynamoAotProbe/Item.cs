using Amazon.DynamoDBv2.Model;
using Backends.DynamoDb;

namespace DynamoAotProbe;

/// <summary>A stored item: hash key Owner, range key Id, GSI byEmail (Email, CreatedAt), TTL ExpiresAt.</summary>
public sealed record Item
{
    public string Owner { get; init; } = "";

    public string Id { get; init; } = "";

    public string? Email { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public decimal Price { get; init; }

    public Kind Kind { get; init; }

    public List<string> Tags { get; init; } = [];

    public DateTimeOffset? ExpiresAt { get; init; }
}

public enum Kind
{
    Small,
    Large,
}

/// <summary>A hash-only document for the repository interface.</summary>
public sealed record Profile
{
    public string Id { get; init; } = "";

    public string Email { get; init; } = "";
}

public sealed class ItemMapper : IDynamoItemMapper<Item>
{
    public static readonly ItemMapper Instance = new();

    public Dictionary<string, AttributeValue> ToItem(Item item)
    {
        var result = new Dictionary<string, AttributeValue>(8, StringComparer.Ordinal);
        DynamoValue.Put(result, "owner", DynamoValue.From(item.Owner));
        DynamoValue.Put(result, "id", DynamoValue.From(item.Id));
        DynamoValue.Put(result, "email", DynamoValue.From(item.Email));
        DynamoValue.Put(result, "createdAt", DynamoValue.From(item.CreatedAt));
        DynamoValue.Put(result, "price", DynamoValue.From(item.Price));
        DynamoValue.Put(result, "kind", DynamoValue.FromEnum(item.Kind));
        DynamoValue.Put(result, "tags", DynamoValue.FromList(item.Tags, static v => DynamoValue.From(v)));
        DynamoValue.Put(result, "expiresAt", DynamoValue.FromEpochSeconds(item.ExpiresAt));
        return result;
    }

    public Item FromItem(Dictionary<string, AttributeValue> item) => new()
    {
        Owner = DynamoValue.ToString(DynamoValue.Get(item, "owner")) ?? "",
        Id = DynamoValue.ToString(DynamoValue.Get(item, "id")) ?? "",
        Email = DynamoValue.ToString(DynamoValue.Get(item, "email")),
        CreatedAt = DynamoValue.ToDateTimeOffset(DynamoValue.Get(item, "createdAt")),
        Price = DynamoValue.ToDecimal(DynamoValue.Get(item, "price")),
        Kind = DynamoValue.ToEnum<Kind>(DynamoValue.Get(item, "kind")),
        Tags = DynamoValue.ToList(DynamoValue.Get(item, "tags"), static v => DynamoValue.ToString(v)!) ?? [],
        ExpiresAt = DynamoValue.ToNullableEpochSeconds(DynamoValue.Get(item, "expiresAt")),
    };
}

public sealed class ProfileMapper : IDynamoItemMapper<Profile>
{
    public static readonly ProfileMapper Instance = new();

    public Dictionary<string, AttributeValue> ToItem(Profile item)
    {
        var result = new Dictionary<string, AttributeValue>(2, StringComparer.Ordinal);
        DynamoValue.Put(result, "id", DynamoValue.From(item.Id));
        DynamoValue.Put(result, "email", DynamoValue.From(item.Email));
        return result;
    }

    public Profile FromItem(Dictionary<string, AttributeValue> item) => new()
    {
        Id = DynamoValue.ToString(DynamoValue.Get(item, "id")) ?? "",
        Email = DynamoValue.ToString(DynamoValue.Get(item, "email")) ?? "",
    };
}

public sealed class ItemsTable(DynamoDbBackend backend) : DynamoTable<Item>(backend, Declaration, ItemMapper.Instance)
{
    public static readonly TableDefinition Declaration = new("items", new TableKey("owner", DynamoKeyType.S))
    {
        RangeKey = new TableKey("id", DynamoKeyType.S),
        Indexes = [new IndexDefinition("byEmail", new TableKey("email", DynamoKeyType.S)) { RangeKey = new TableKey("createdAt", DynamoKeyType.S) }],
        TimeToLiveAttribute = "expiresAt",
    };

    public DynamoIndex<Item> ByEmail => Index("byEmail");

    public ValueTask<Item?> GetAsync(string owner, string id, CancellationToken cancellationToken = default) =>
        GetAsync(DynamoValue.From(owner)!, DynamoValue.From(id)!, cancellationToken);
}

public sealed class ProfilesTable(DynamoDbBackend backend)
    : DynamoTable<Profile, string>(backend, Declaration, ProfileMapper.Instance, static key => DynamoValue.From(key)!, [new RepositoryIndex("Id", null), new RepositoryIndex("Email", "byEmail")])
{
    public static readonly TableDefinition Declaration = new("profiles", new TableKey("id", DynamoKeyType.S))
    {
        Indexes = [new IndexDefinition("byEmail", new TableKey("email", DynamoKeyType.S))],
    };
}
