using Backends.Testing;
using Amazon.DynamoDBv2.Model;
using Backends.DynamoDb;

namespace IntegrationTests.DynamoDb;

/// <summary>Every member kind round-trips through the converters (in memory and through the server).</summary>
public sealed class DynamoMapperTests(DynamoFixture fixture) : IClassFixture<DynamoFixture>
{
    internal static KitchenSink Full() => new()
    {
        Id = Guid.Parse("7f0e5a62-3c55-4cf5-9d54-8e7b8a1f2c10"),
        Text = "héllo \"wörld\" ✓",
        OptionalText = null,
        Count = int.MinValue,
        Big = long.MaxValue,
        Ratio = 0.1 + 0.2,
        Price = 12345678901234567890.123456789m,
        Flag = true,
        Reference = Guid.Parse("00000000-0000-0000-0000-000000000001"),
        When = new DateTime(2024, 2, 29, 23, 59, 58, 123, DateTimeKind.Utc).AddTicks(4567),
        At = new DateTimeOffset(2024, 5, 1, 14, 0, 0, TimeSpan.FromHours(2)),
        Status = OrderStatus.Cancelled,
        Bytes = [0, 1, 2, 254, 255],
        MaybeInt = 42,
        NoInt = null,
        MaybeFlag = false,
        MaybeReference = Guid.Parse("6b1d3e1e-9f43-4a40-8c4e-0c7f1d2b3a4e"),
        MaybeWhen = new DateTime(1999, 12, 31, 0, 0, 0, DateTimeKind.Utc),
        MaybeDecimal = -0.5m,
        MaybeStatus = OrderStatus.Shipped,
        Names = ["a", "", "c"],
        Empty = [],
        Addresses = [new Address { Street = "1 Main", City = "X", Floor = 3 }, new Address { Street = "2 Side", City = null }],
        Tags = ["red", "green"],
        Codes = [1, -2, 3_000_000_000],
        Counters = new() { ["a"] = 1, ["b"] = -2 },
        Places = new() { ["home"] = new Address { Street = "3 Home" } },
        Home = new Address { Street = "4 Home", City = "Y", Floor = -1 },
        Work = null,
        ExpiresAt = new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Every_member_kind_round_trips_through_the_converters()
    {
        var item = KitchenSinkDynamoMapper.Instance.ToItem(Full());
        AssertSameSink(Full(), KitchenSinkDynamoMapper.Instance.FromItem(item));

        // The stored forms the README documents.
        Assert.Equal("2024-05-01T12:00:00.0000000Z", item["at"].S);
        Assert.Equal("2024-02-29T23:59:58.1234567Z", item["when"].S);
        Assert.Equal("Cancelled", item["status"].S);
        Assert.Equal("4070908800", item["expiresAt"].N);
        Assert.Equal("7f0e5a62-3c55-4cf5-9d54-8e7b8a1f2c10", item["id"].S);
        Assert.Equal(["a", "", "c"], item["names"].L.Select(v => v.S));
        Assert.NotNull(item["empty"].L);
        Assert.Empty(item["empty"].L);
        Assert.True(item["flag"].BOOL);
        Assert.False(item.ContainsKey("optionalText")); // null members are left out
        Assert.False(item.ContainsKey("noInt"));
        Assert.False(item.ContainsKey("work"));
    }

    [Fact]
    public void Empty_and_default_members_round_trip()
    {
        var empty = new KitchenSink();
        var item = KitchenSinkDynamoMapper.Instance.ToItem(empty);
        Assert.False(item.ContainsKey("tags")); // DynamoDB has no empty sets
        AssertSameSink(empty, KitchenSinkDynamoMapper.Instance.FromItem(item));
    }

    [Fact]
    public void Converters_reject_what_DynamoDB_cannot_hold_or_another_type()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DynamoValue.From(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => DynamoValue.From(double.PositiveInfinity));
        Assert.Throws<FormatException>(() => DynamoValue.ToInt32(new AttributeValue { S = "1" }));
        Assert.Throws<FormatException>(() => DynamoValue.ToString(new AttributeValue { N = "1" }));
        Assert.Throws<FormatException>(() => DynamoValue.ToEnum<OrderStatus>(new AttributeValue { S = "Lost" }));
        Assert.Null(DynamoValue.ToString(DynamoValue.Null));
        Assert.Equal(0, DynamoValue.ToInt32(null));
        Assert.Throws<ArgumentException>(() => DynamoValue.FromKey(new object()));
        Assert.Equal("3", DynamoValue.FromKey(3L).N);
        Assert.Equal("Shipped", DynamoValue.FromKey(OrderStatus.Shipped).S);
    }

    [Fact]
    public async Task Every_member_kind_round_trips_through_the_server()
    {
        await using var backend = new DynamoDbBackend("mapper", fixture.Settings());
        var sinks = new KitchenSinksTable(backend);
        await backend.ConfigureAsync();

        var full = Full();
        await sinks.PutAsync(full);
        AssertSameSink(full, await sinks.GetAsync(full.Id));

        var empty = new KitchenSink { Id = Guid.NewGuid() };
        await sinks.PutAsync(empty);
        AssertSameSink(empty, await sinks.GetAsync(empty.Id));
        Assert.Single(await ToListAsync(sinks.FindAsync(x => x.Id, full.Id)));
    }

    internal static void AssertSameSink(KitchenSink expected, KitchenSink? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.OptionalText, actual.OptionalText);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Big, actual.Big);
        Assert.Equal(expected.Ratio, actual.Ratio);
        Assert.Equal(expected.Price, actual.Price);
        Assert.Equal(expected.Flag, actual.Flag);
        Assert.Equal(expected.Reference, actual.Reference);
        Assert.Equal(expected.When, actual.When);
        Assert.Equal(DateTimeKind.Utc, actual.When.Kind);
        Assert.Equal(expected.At, actual.At); // the same instant (stored in UTC)
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Bytes, actual.Bytes);
        Assert.Equal(expected.MaybeInt, actual.MaybeInt);
        Assert.Equal(expected.NoInt, actual.NoInt);
        Assert.Equal(expected.MaybeFlag, actual.MaybeFlag);
        Assert.Equal(expected.MaybeReference, actual.MaybeReference);
        Assert.Equal(expected.MaybeWhen, actual.MaybeWhen);
        Assert.Equal(expected.MaybeDecimal, actual.MaybeDecimal);
        Assert.Equal(expected.MaybeStatus, actual.MaybeStatus);
        Assert.Equal(expected.Names, actual.Names);
        Assert.Equal(expected.Empty, actual.Empty);
        Assert.Equal(expected.Addresses, actual.Addresses);
        Assert.Equal(expected.Tags.Order(StringComparer.Ordinal), actual.Tags.Order(StringComparer.Ordinal));
        Assert.Equal(expected.Codes.Order(), actual.Codes.Order());
        Assert.Equal(expected.Counters.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Counters.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Places.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Places.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Home, actual.Home);
        Assert.Equal(expected.Work, actual.Work);
        Assert.Equal(expected.ExpiresAt, actual.ExpiresAt);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
