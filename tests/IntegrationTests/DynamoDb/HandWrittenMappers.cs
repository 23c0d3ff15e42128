// Written exactly the way the generator is to emit them (this file is its template): one sealed mapper class per
// document type with a static Instance, members written with DynamoValue.From* + DynamoValue.Put (null members left
// out) and read with DynamoValue.To*; one typed table class per declared table with a static Declaration, typed key
// overloads and one typed member per index. Attribute names are the members' camelCase names.
#nullable enable

using Amazon.DynamoDBv2.Model;
using Backends.DynamoDb;
using Backends.Testing;

namespace IntegrationTests.DynamoDb;

/// <summary>The item mapper of <see cref="Order"/>.</summary>
public sealed class OrderDynamoMapper : IDynamoItemMapper<Order>
{
    /// <summary>The one instance.</summary>
    public static readonly OrderDynamoMapper Instance = new();

    /// <inheritdoc />
    public Dictionary<string, AttributeValue> ToItem(Order item)
    {
        var result = new Dictionary<string, AttributeValue>(7, StringComparer.Ordinal);
        DynamoValue.Put(result, "customerId", DynamoValue.From(item.CustomerId));
        DynamoValue.Put(result, "orderId", DynamoValue.From(item.OrderId));
        DynamoValue.Put(result, "email", DynamoValue.From(item.Email));
        DynamoValue.Put(result, "createdAt", DynamoValue.From(item.CreatedAt));
        DynamoValue.Put(result, "total", DynamoValue.From(item.Total));
        DynamoValue.Put(result, "status", DynamoValue.FromEnum(item.Status));
        DynamoValue.Put(result, "expiresAt", DynamoValue.FromEpochSeconds(item.ExpiresAt));
        return result;
    }

    /// <inheritdoc />
    public Order FromItem(Dictionary<string, AttributeValue> item) => new()
    {
        CustomerId = DynamoValue.ToString(DynamoValue.Get(item, "customerId")) ?? "",
        OrderId = DynamoValue.ToString(DynamoValue.Get(item, "orderId")) ?? "",
        Email = DynamoValue.ToString(DynamoValue.Get(item, "email")),
        CreatedAt = DynamoValue.ToDateTimeOffset(DynamoValue.Get(item, "createdAt")),
        Total = DynamoValue.ToDecimal(DynamoValue.Get(item, "total")),
        Status = DynamoValue.ToEnum<OrderStatus>(DynamoValue.Get(item, "status")),
        ExpiresAt = DynamoValue.ToNullableEpochSeconds(DynamoValue.Get(item, "expiresAt")),
    };
}

/// <summary>The item mapper of <see cref="Address"/> (a nested class: a map).</summary>
public sealed class AddressDynamoMapper : IDynamoItemMapper<Address>
{
    /// <summary>The one instance.</summary>
    public static readonly AddressDynamoMapper Instance = new();

    /// <inheritdoc />
    public Dictionary<string, AttributeValue> ToItem(Address item)
    {
        var result = new Dictionary<string, AttributeValue>(3, StringComparer.Ordinal);
        DynamoValue.Put(result, "street", DynamoValue.From(item.Street));
        DynamoValue.Put(result, "city", DynamoValue.From(item.City));
        DynamoValue.Put(result, "floor", DynamoValue.From(item.Floor));
        return result;
    }

    /// <inheritdoc />
    public Address FromItem(Dictionary<string, AttributeValue> item) => new()
    {
        Street = DynamoValue.ToString(DynamoValue.Get(item, "street")) ?? "",
        City = DynamoValue.ToString(DynamoValue.Get(item, "city")),
        Floor = DynamoValue.ToInt32(DynamoValue.Get(item, "floor")),
    };
}

/// <summary>The item mapper of <see cref="KitchenSink"/>: every member kind.</summary>
public sealed class KitchenSinkDynamoMapper : IDynamoItemMapper<KitchenSink>
{
    /// <summary>The one instance.</summary>
    public static readonly KitchenSinkDynamoMapper Instance = new();

    /// <inheritdoc />
    public Dictionary<string, AttributeValue> ToItem(KitchenSink item)
    {
        var result = new Dictionary<string, AttributeValue>(32, StringComparer.Ordinal);
        DynamoValue.Put(result, "id", DynamoValue.From(item.Id));
        DynamoValue.Put(result, "text", DynamoValue.From(item.Text));
        DynamoValue.Put(result, "optionalText", DynamoValue.From(item.OptionalText));
        DynamoValue.Put(result, "int", DynamoValue.From(item.Count));
        DynamoValue.Put(result, "long", DynamoValue.From(item.Big));
        DynamoValue.Put(result, "double", DynamoValue.From(item.Ratio));
        DynamoValue.Put(result, "decimal", DynamoValue.From(item.Price));
        DynamoValue.Put(result, "flag", DynamoValue.From(item.Flag));
        DynamoValue.Put(result, "reference", DynamoValue.From(item.Reference));
        DynamoValue.Put(result, "when", DynamoValue.From(item.When));
        DynamoValue.Put(result, "at", DynamoValue.From(item.At));
        DynamoValue.Put(result, "status", DynamoValue.FromEnum(item.Status));
        DynamoValue.Put(result, "bytes", DynamoValue.From(item.Bytes));
        DynamoValue.Put(result, "maybeInt", DynamoValue.From(item.MaybeInt));
        DynamoValue.Put(result, "noInt", DynamoValue.From(item.NoInt));
        DynamoValue.Put(result, "maybeFlag", DynamoValue.From(item.MaybeFlag));
        DynamoValue.Put(result, "maybeReference", DynamoValue.From(item.MaybeReference));
        DynamoValue.Put(result, "maybeWhen", DynamoValue.From(item.MaybeWhen));
        DynamoValue.Put(result, "maybeDecimal", DynamoValue.From(item.MaybeDecimal));
        DynamoValue.Put(result, "maybeStatus", DynamoValue.FromEnum(item.MaybeStatus));
        DynamoValue.Put(result, "names", DynamoValue.FromList(item.Names, static v => DynamoValue.From(v)));
        DynamoValue.Put(result, "empty", DynamoValue.FromList(item.Empty, static v => DynamoValue.From(v)));
        DynamoValue.Put(result, "addresses", DynamoValue.FromList(item.Addresses, static v => DynamoValue.FromObject(v, AddressDynamoMapper.Instance)));
        DynamoValue.Put(result, "tags", DynamoValue.FromStringSet(item.Tags));
        DynamoValue.Put(result, "codes", DynamoValue.FromNumberSet(item.Codes));
        DynamoValue.Put(result, "counters", DynamoValue.FromMap(item.Counters, static v => DynamoValue.From(v)));
        DynamoValue.Put(result, "places", DynamoValue.FromMap(item.Places, static v => DynamoValue.FromObject(v, AddressDynamoMapper.Instance)));
        DynamoValue.Put(result, "home", DynamoValue.FromObject(item.Home, AddressDynamoMapper.Instance));
        DynamoValue.Put(result, "work", DynamoValue.FromObject(item.Work, AddressDynamoMapper.Instance));
        DynamoValue.Put(result, "expiresAt", DynamoValue.FromEpochSeconds(item.ExpiresAt));
        return result;
    }

    /// <inheritdoc />
    public KitchenSink FromItem(Dictionary<string, AttributeValue> item)
    {
        var result = new KitchenSink
        {
            Id = DynamoValue.ToGuid(DynamoValue.Get(item, "id")),
            Text = DynamoValue.ToString(DynamoValue.Get(item, "text")) ?? "",
            OptionalText = DynamoValue.ToString(DynamoValue.Get(item, "optionalText")),
            Count = DynamoValue.ToInt32(DynamoValue.Get(item, "int")),
            Big = DynamoValue.ToInt64(DynamoValue.Get(item, "long")),
            Ratio = DynamoValue.ToDouble(DynamoValue.Get(item, "double")),
            Price = DynamoValue.ToDecimal(DynamoValue.Get(item, "decimal")),
            Flag = DynamoValue.ToBoolean(DynamoValue.Get(item, "flag")),
            Reference = DynamoValue.ToGuid(DynamoValue.Get(item, "reference")),
            When = DynamoValue.ToDateTime(DynamoValue.Get(item, "when")),
            At = DynamoValue.ToDateTimeOffset(DynamoValue.Get(item, "at")),
            Status = DynamoValue.ToEnum<OrderStatus>(DynamoValue.Get(item, "status")),
            MaybeInt = DynamoValue.ToNullableInt32(DynamoValue.Get(item, "maybeInt")),
            NoInt = DynamoValue.ToNullableInt32(DynamoValue.Get(item, "noInt")),
            MaybeFlag = DynamoValue.ToNullableBoolean(DynamoValue.Get(item, "maybeFlag")),
            MaybeReference = DynamoValue.ToNullableGuid(DynamoValue.Get(item, "maybeReference")),
            MaybeWhen = DynamoValue.ToNullableDateTime(DynamoValue.Get(item, "maybeWhen")),
            MaybeDecimal = DynamoValue.ToNullableDecimal(DynamoValue.Get(item, "maybeDecimal")),
            MaybeStatus = DynamoValue.ToNullableEnum<OrderStatus>(DynamoValue.Get(item, "maybeStatus")),
            Home = DynamoValue.ToObject(DynamoValue.Get(item, "home"), AddressDynamoMapper.Instance),
            Work = DynamoValue.ToObject(DynamoValue.Get(item, "work"), AddressDynamoMapper.Instance),
            ExpiresAt = DynamoValue.ToNullableEpochSeconds(DynamoValue.Get(item, "expiresAt")),
        };

        // Non-nullable reference members keep their initializers when the attribute is missing.
        if (DynamoValue.ToBytes(DynamoValue.Get(item, "bytes")) is { } bytes)
        {
            result.Bytes = bytes;
        }

        if (DynamoValue.ToList(DynamoValue.Get(item, "names"), static v => DynamoValue.ToString(v)!) is { } names)
        {
            result.Names = names;
        }

        if (DynamoValue.ToList(DynamoValue.Get(item, "empty"), static v => DynamoValue.ToInt32(v)) is { } empty)
        {
            result.Empty = empty;
        }

        if (DynamoValue.ToList(DynamoValue.Get(item, "addresses"), static v => DynamoValue.ToObject(v, AddressDynamoMapper.Instance)!) is { } addresses)
        {
            result.Addresses = addresses;
        }

        if (DynamoValue.ToStringSet(DynamoValue.Get(item, "tags")) is { } tags)
        {
            result.Tags = tags;
        }

        if (DynamoValue.ToInt64Set(DynamoValue.Get(item, "codes")) is { } codes)
        {
            result.Codes = codes;
        }

        if (DynamoValue.ToMap(DynamoValue.Get(item, "counters"), static v => DynamoValue.ToInt32(v)) is { } counters)
        {
            result.Counters = counters;
        }

        if (DynamoValue.ToMap(DynamoValue.Get(item, "places"), static v => DynamoValue.ToObject(v, AddressDynamoMapper.Instance)!) is { } places)
        {
            result.Places = places;
        }

        return result;
    }
}

/// <summary>The item mapper of <see cref="ConformanceUser"/>.</summary>
public sealed class ConformanceUserDynamoMapper : IDynamoItemMapper<ConformanceUser>
{
    /// <summary>The one instance.</summary>
    public static readonly ConformanceUserDynamoMapper Instance = new();

    /// <inheritdoc />
    public Dictionary<string, AttributeValue> ToItem(ConformanceUser item)
    {
        var result = new Dictionary<string, AttributeValue>(6, StringComparer.Ordinal);
        DynamoValue.Put(result, "id", DynamoValue.From(item.Id));
        DynamoValue.Put(result, "email", DynamoValue.From(item.Email));
        DynamoValue.Put(result, "name", DynamoValue.From(item.Name));
        DynamoValue.Put(result, "age", DynamoValue.From(item.Age));
        DynamoValue.Put(result, "createdAt", DynamoValue.From(item.CreatedAt));
        DynamoValue.Put(result, "tags", DynamoValue.FromList(item.Tags, static v => DynamoValue.From(v)));
        return result;
    }

    /// <inheritdoc />
    public ConformanceUser FromItem(Dictionary<string, AttributeValue> item)
    {
        var result = new ConformanceUser
        {
            Id = DynamoValue.ToString(DynamoValue.Get(item, "id")) ?? "",
            Email = DynamoValue.ToString(DynamoValue.Get(item, "email")) ?? "",
            Name = DynamoValue.ToString(DynamoValue.Get(item, "name")) ?? "",
            Age = DynamoValue.ToInt32(DynamoValue.Get(item, "age")),
            CreatedAt = DynamoValue.ToDateTimeOffset(DynamoValue.Get(item, "createdAt")),
        };
        if (DynamoValue.ToList(DynamoValue.Get(item, "tags"), static v => DynamoValue.ToString(v)!) is { } tags)
        {
            result.Tags = tags;
        }

        return result;
    }
}

/// <summary>
/// The typed table of <c>"orders": { "type": "IntegrationTests.DynamoDb.Order", "hashKey": "customerId", "rangeKey": "orderId",
/// "readCapacity": 5, "writeCapacity": 5, "indexes": { "byEmail": { "hashKey": "email", "rangeKey": "createdAt" } }, "ttl": "expiresAt" }</c>.
/// </summary>
public sealed class OrdersTable : DynamoTable<Order>
{
    /// <summary>The table as declared.</summary>
    public static readonly TableDefinition Declaration = new("orders", new TableKey("customerId", DynamoKeyType.S))
    {
        RangeKey = new TableKey("orderId", DynamoKeyType.S),
        ReadCapacity = 5,
        WriteCapacity = 5,
        Indexes =
        [
            new IndexDefinition("byEmail", new TableKey("email", DynamoKeyType.S)) { RangeKey = new TableKey("createdAt", DynamoKeyType.S) },
        ],
        TimeToLiveAttribute = "expiresAt",
    };

    /// <summary>Creates the table handle and registers its declaration.</summary>
    public OrdersTable(DynamoDbBackend backend)
        : base(backend, Declaration, OrderDynamoMapper.Instance) => ByEmail = new OrdersByEmailIndex(Index("byEmail"));

    /// <summary>The index <c>byEmail</c>.</summary>
    public OrdersByEmailIndex ByEmail { get; }

    /// <summary>The order, or null.</summary>
    public ValueTask<Order?> GetAsync(string customerId, string orderId, CancellationToken cancellationToken = default) =>
        GetAsync(DynamoValue.From(customerId)!, DynamoValue.From(orderId)!, cancellationToken);

    /// <summary>Deletes the order; whether it existed.</summary>
    public ValueTask<bool> DeleteAsync(string customerId, string orderId, CancellationToken cancellationToken = default) =>
        DeleteAsync(DynamoValue.From(customerId)!, DynamoValue.From(orderId)!, cancellationToken);

    /// <summary>The customer's orders.</summary>
    public IAsyncEnumerable<Order> QueryAsync(
        string customerId, RangeCondition? orderId = null, int? limit = null, bool descending = false, int? pageSize = null, CancellationToken cancellationToken = default) =>
        QueryAsync(DynamoValue.From(customerId)!, orderId, limit, descending, pageSize, cancellationToken);
}

/// <summary>The typed index <c>byEmail</c> of <see cref="OrdersTable"/>.</summary>
public sealed class OrdersByEmailIndex(DynamoIndex<Order> index)
{
    /// <summary>The untyped index.</summary>
    public DynamoIndex<Order> Index { get; } = index;

    /// <summary>The orders with <paramref name="email"/>, by <c>createdAt</c>.</summary>
    public IAsyncEnumerable<Order> QueryAsync(
        string email, RangeCondition? createdAt = null, int? limit = null, bool descending = false, int? pageSize = null, CancellationToken cancellationToken = default) =>
        Index.QueryAsync(DynamoValue.From(email)!, createdAt, limit, descending, pageSize, cancellationToken);
}

/// <summary>The typed table of <c>"sinks": { "type": "IntegrationTests.DynamoDb.KitchenSink", "hashKey": "id", "ttl": "expiresAt" }</c> (on-demand).</summary>
public sealed class KitchenSinksTable : DynamoTable<KitchenSink, Guid>
{
    /// <summary>The table as declared.</summary>
    public static readonly TableDefinition Declaration = new("sinks", new TableKey("id", DynamoKeyType.S)) { TimeToLiveAttribute = "expiresAt" };

    /// <summary>Creates the table handle and registers its declaration.</summary>
    public KitchenSinksTable(DynamoDbBackend backend)
        : base(backend, Declaration, KitchenSinkDynamoMapper.Instance, static key => DynamoValue.From(key), [new RepositoryIndex("Id", null)])
    {
    }
}

/// <summary>
/// The typed table of <c>"users": { "type": "Backends.Testing.ConformanceUser", "hashKey": "id", "indexes": { "byEmail": { "hashKey": "email" } } }</c>:
/// hash-only, so an <c>IRepository&lt;ConformanceUser, string&gt;</c>.
/// </summary>
public sealed class ConformanceUsersTable : DynamoTable<ConformanceUser, string>
{
    /// <summary>The table as declared.</summary>
    public static readonly TableDefinition Declaration = new("users", new TableKey("id", DynamoKeyType.S))
    {
        Indexes = [new IndexDefinition("byEmail", new TableKey("email", DynamoKeyType.S))],
    };

    /// <summary>Creates the table handle and registers its declaration.</summary>
    public ConformanceUsersTable(DynamoDbBackend backend)
        : base(backend, Declaration, ConformanceUserDynamoMapper.Instance, static key => DynamoValue.From(key)!, [new RepositoryIndex("Id", null), new RepositoryIndex("Email", "byEmail")])
    {
        ByEmail = Index("byEmail");
    }

    /// <summary>The index <c>byEmail</c>.</summary>
    public DynamoIndex<ConformanceUser> ByEmail { get; }
}
