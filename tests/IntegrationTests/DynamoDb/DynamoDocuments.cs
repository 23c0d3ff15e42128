namespace IntegrationTests.DynamoDb;

/// <summary>How far an order has got.</summary>
public enum OrderStatus
{
    /// <summary>Placed.</summary>
    Placed,

    /// <summary>Shipped.</summary>
    Shipped,

    /// <summary>Cancelled.</summary>
    Cancelled,
}

/// <summary>An order: hash key CustomerId, range key OrderId, GSI byEmail (Email, CreatedAt), TTL ExpiresAt.</summary>
public sealed record Order
{
    /// <summary>The hash key.</summary>
    public string CustomerId { get; init; } = "";

    /// <summary>The range key.</summary>
    public string OrderId { get; init; } = "";

    /// <summary>The GSI's hash key.</summary>
    public string? Email { get; init; }

    /// <summary>The GSI's range key (ISO-8601, sorts in time order).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>A decimal number.</summary>
    public decimal Total { get; init; }

    /// <summary>An enum.</summary>
    public OrderStatus Status { get; init; }

    /// <summary>The TTL member (epoch seconds).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>A nested class (a map).</summary>
public sealed record Address
{
    /// <summary>A street.</summary>
    public string Street { get; init; } = "";

    /// <summary>A city.</summary>
    public string? City { get; init; }

    /// <summary>A number inside a nested object.</summary>
    public int Floor { get; init; }
}

/// <summary>Every member kind the mappers support, once each (and their nullable forms).</summary>
public sealed class KitchenSink
{
    /// <summary>The hash key.</summary>
    public Guid Id { get; set; }

    /// <summary>string.</summary>
    public string Text { get; set; } = "";

    /// <summary>string, null.</summary>
    public string? OptionalText { get; set; }

    /// <summary>int.</summary>
    public int Count { get; set; }

    /// <summary>long.</summary>
    public long Big { get; set; }

    /// <summary>double.</summary>
    public double Ratio { get; set; }

    /// <summary>decimal.</summary>
    public decimal Price { get; set; }

    /// <summary>bool.</summary>
    public bool Flag { get; set; }

    /// <summary>Guid.</summary>
    public Guid Reference { get; set; }

    /// <summary>DateTime (UTC).</summary>
    public DateTime When { get; set; }

    /// <summary>DateTimeOffset.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>An enum.</summary>
    public OrderStatus Status { get; set; }

    /// <summary>byte[].</summary>
    public byte[] Bytes { get; set; } = [];

    /// <summary>int?.</summary>
    public int? MaybeInt { get; set; }

    /// <summary>int?, null.</summary>
    public int? NoInt { get; set; }

    /// <summary>bool?.</summary>
    public bool? MaybeFlag { get; set; }

    /// <summary>Guid?.</summary>
    public Guid? MaybeReference { get; set; }

    /// <summary>DateTime?.</summary>
    public DateTime? MaybeWhen { get; set; }

    /// <summary>decimal?.</summary>
    public decimal? MaybeDecimal { get; set; }

    /// <summary>An enum?.</summary>
    public OrderStatus? MaybeStatus { get; set; }

    /// <summary>List of strings.</summary>
    public List<string> Names { get; set; } = [];

    /// <summary>An empty list.</summary>
    public List<int> Empty { get; set; } = [];

    /// <summary>List of nested objects.</summary>
    public List<Address> Addresses { get; set; } = [];

    /// <summary>A string set.</summary>
    public HashSet<string> Tags { get; set; } = [];

    /// <summary>A number set.</summary>
    public HashSet<long> Codes { get; set; } = [];

    /// <summary>A map of numbers.</summary>
    public Dictionary<string, int> Counters { get; set; } = [];

    /// <summary>A map of nested objects.</summary>
    public Dictionary<string, Address> Places { get; set; } = [];

    /// <summary>A nested object.</summary>
    public Address? Home { get; set; }

    /// <summary>A nested object, null.</summary>
    public Address? Work { get; set; }

    /// <summary>The TTL member, epoch seconds.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}
