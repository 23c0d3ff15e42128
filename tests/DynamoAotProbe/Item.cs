namespace DynamoAotProbe;

/// <summary>A stored item of the declared table "items" (backends.json): hash key owner, range key id, GSI byEmail (email, createdAt), TTL expiresAt.</summary>
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

/// <summary>An item of the declared hash-only table "profiles", used through the repository interface.</summary>
public sealed record Profile
{
    public string Id { get; init; } = "";

    public string Email { get; init; } = "";
}
