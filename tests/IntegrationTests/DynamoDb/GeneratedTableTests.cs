using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Backends.DynamoDb;
using Backends.Runtime;
using Backends.Testing;
using IntegrationTests.Infrastructure;

namespace IntegrationTests.DynamoDb;

/// <summary>
/// The generated <c>Db.DynamoDb.Main</c> from backends.json: typed tables declared in <c>"tables"</c>, created by start-up,
/// over the generated item mappers (which must write exactly what the hand-written template writes), typed keys and a
/// typed member per index.
/// </summary>
/// <remarks>
/// <c>Db</c> is shared by the whole process, so these tests run in the generated-Db collection, whose fixture starts every
/// connection of backends.json (this one against <see cref="GeneratedDynamoServer"/>). Each test uses its own hash keys.
/// </remarks>
[Collection(GeneratedDbGroup.Name)]
public sealed class GeneratedTableTests
{
    private static readonly DateTimeOffset s_start = new(2024, 5, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_accessors_are_typed_and_start_up_created_the_declared_tables()
    {
        Db.DynamoDb.MainConnection.OrdersTable orders = Db.DynamoDb.Main.Orders;
        DynamoTable<Order> untyped = orders;
        IRepository<KitchenSink, Guid> sinks = Db.DynamoDb.Main.Sinks;
        IRepository<ConformanceUser, string> users = Db.DynamoDb.Main.Users;
        DynamoIndex<Order> byEmail = orders.ByEmail.Index;
        Assert.Same(orders, Db.DynamoDb.Main.Orders);
        Assert.Same(untyped.Index("byEmail"), byEmail);
        Assert.NotNull(sinks);
        Assert.NotNull(users);
        Assert.Equal(ConnectionState.Ready, Db.DynamoDb.Main.State);
        Assert.Equal(["orders", "sinks", "users"], Db.DynamoDb.Main.Tables.Select(t => t.Name));

        // The generated declarations are the template's.
        AssertSameDefinition(OrdersTable.Declaration, Db.DynamoDb.MainConnection.OrdersTable.Declaration);
        AssertSameDefinition(KitchenSinksTable.Declaration, Db.DynamoDb.MainConnection.SinksTable.Declaration);
        AssertSameDefinition(ConformanceUsersTable.Declaration, Db.DynamoDb.MainConnection.UsersTable.Declaration);

        var described = await Db.DynamoDb.Main.Instance.DescribeTableAsync(GeneratedDynamoServer.Prefix + "orders");
        Assert.Equal("ACTIVE", described.Table.TableStatus.Value);
        Assert.Equal(["customerId", "orderId"], described.Table.KeySchema.Select(k => k.AttributeName));
        Assert.Equal("byEmail", Assert.Single(described.Table.GlobalSecondaryIndexes).IndexName);
        Assert.Equal(5, described.Table.ProvisionedThroughput.ReadCapacityUnits);
    }

    [Fact]
    public void The_generated_mappers_write_what_the_hand_written_template_writes()
    {
        // The template names four KitchenSink attributes after their types ("int" for Count, ...); the generator uses the
        // camelCased member names, so those four are renamed before comparing. Everything else must be identical.
        var full = DynamoMapperTests.Full();
        Assert.Equal(Renamed(Describe(KitchenSinkDynamoMapper.Instance.ToItem(full))), Describe(DbDynamoMappers.KitchenSinkMapper.Instance.ToItem(full)));
        var empty = new KitchenSink();
        Assert.Equal(Renamed(Describe(KitchenSinkDynamoMapper.Instance.ToItem(empty))), Describe(DbDynamoMappers.KitchenSinkMapper.Instance.ToItem(empty)));
        var order = NewOrder("c", "o") with { ExpiresAt = s_start };
        Assert.Equal(Describe(OrderDynamoMapper.Instance.ToItem(order)), Describe(DbDynamoMappers.OrderMapper.Instance.ToItem(order)));
        var user = new ConformanceUser { Id = "u", Email = "e", Name = "n", Age = 3, CreatedAt = s_start, Tags = ["a"] };
        Assert.Equal(Describe(ConformanceUserDynamoMapper.Instance.ToItem(user)), Describe(DbDynamoMappers.ConformanceUserMapper.Instance.ToItem(user)));

        // And read back what they write.
        DynamoMapperTests.AssertSameSink(full, DbDynamoMappers.KitchenSinkMapper.Instance.FromItem(DbDynamoMappers.KitchenSinkMapper.Instance.ToItem(full)));
        DynamoMapperTests.AssertSameSink(empty, DbDynamoMappers.KitchenSinkMapper.Instance.FromItem(DbDynamoMappers.KitchenSinkMapper.Instance.ToItem(empty)));
        Assert.Equal(order, DbDynamoMappers.OrderMapper.Instance.FromItem(OrderDynamoMapper.Instance.ToItem(order)));
        Assert.Equal(user, DbDynamoMappers.ConformanceUserMapper.Instance.FromItem(ConformanceUserDynamoMapper.Instance.ToItem(user)));
    }

    [Fact]
    public async Task Every_member_kind_round_trips_through_the_generated_mapper_and_the_server()
    {
        var sinks = Db.DynamoDb.Main.Sinks;
        var full = DynamoMapperTests.Full();
        full.Id = Guid.NewGuid();
        await sinks.PutAsync(full);
        DynamoMapperTests.AssertSameSink(full, await sinks.GetAsync(full.Id));

        var empty = new KitchenSink { Id = Guid.NewGuid() };
        await sinks.PutAsync(empty);
        DynamoMapperTests.AssertSameSink(empty, await sinks.GetAsync(empty.Id));
        Assert.True(await sinks.DeleteAsync(empty.Id));
        Assert.Null(await sinks.GetAsync(empty.Id));
    }

    [Fact]
    public async Task Typed_keys_put_get_delete_and_query_with_range_conditions_and_paging()
    {
        var orders = Db.DynamoDb.Main.Orders;
        var customer = "q-" + Guid.NewGuid().ToString("N");
        foreach (var id in new[] { "o1", "o2", "o3", "o4", "o5", "x1" })
        {
            await orders.PutAsync(NewOrder(customer, id));
        }

        Assert.Equal(NewOrder(customer, "o3"), await orders.GetAsync(customer, "o3"));
        Assert.Null(await orders.GetAsync(customer, "missing"));
        Assert.Equal(["o1", "o2", "o3", "o4", "o5", "x1"], await Ids(orders.QueryAsync(customer)));
        Assert.Equal(["x1", "o5", "o4", "o3", "o2", "o1"], await Ids(orders.QueryAsync(customer, descending: true)));
        Assert.Equal(["o2", "o3", "o4"], await Ids(orders.QueryAsync(customer, RangeCondition.Between(DynamoValue.From("o2")!, DynamoValue.From("o4")!))));
        Assert.Equal(["o1", "o2", "o3", "o4", "o5"], await Ids(orders.QueryAsync(customer, orderId: RangeCondition.BeginsWith(DynamoValue.From("o")!))));
        Assert.Equal(["o1", "o2"], await Ids(orders.QueryAsync(customer, limit: 2)));
        Assert.Equal(["o1", "o2", "o3", "o4", "o5", "x1"], await Ids(orders.QueryAsync(customer, pageSize: 2))); // three pages
        Assert.Equal(["o1", "o2", "o3"], await Ids(orders.QueryAsync(customer, limit: 3, pageSize: 2)));

        Assert.True(await orders.DeleteAsync(customer, "o3"));
        Assert.False(await orders.DeleteAsync(customer, "o3"));
        Assert.Null(await orders.GetAsync(customer, "o3"));
        Assert.False(await orders.PutIfNotExistsAsync(NewOrder(customer, "o1", total: 99)));
        Assert.Equal(12.5m, (await orders.GetAsync(customer, "o1"))!.Total);
    }

    [Fact]
    public async Task The_typed_index_member_queries_the_gsi()
    {
        var orders = Db.DynamoDb.Main.Orders;
        var ann = "ann-" + Guid.NewGuid().ToString("N") + "@example.org";
        await orders.PutAsync(NewOrder("g1", "o1", email: ann, at: s_start.AddHours(3)));
        await orders.PutAsync(NewOrder("g2", "o7", email: ann, at: s_start.AddHours(1)));
        await orders.PutAsync(NewOrder("g3", "o2", email: ann, at: s_start.AddHours(2)));

        Assert.Equal(["o7", "o2", "o1"], await Ids(orders.ByEmail.QueryAsync(ann)));
        Assert.Equal(["o1", "o2", "o7"], await Ids(orders.ByEmail.QueryAsync(ann, descending: true)));
        Assert.Equal(["o2", "o1"], await Ids(orders.ByEmail.QueryAsync(ann, createdAt: RangeCondition.GreaterThanOrEqual(DynamoValue.From(s_start.AddHours(2))))));
        Assert.Equal(["o7", "o2", "o1"], await Ids(orders.ByEmail.QueryAsync(ann, pageSize: 1)));
        Assert.Empty(await Ids(orders.ByEmail.QueryAsync("nobody-" + ann)));
    }

    [Fact]
    public async Task Batch_put_and_get_of_150_items()
    {
        var orders = Db.DynamoDb.Main.Orders;
        var customer = "b-" + Guid.NewGuid().ToString("N");
        var all = Enumerable.Range(0, 150).Select(i => NewOrder(customer, "o" + i.ToString("D3", CultureInfo.InvariantCulture), total: i)).ToList();
        await orders.BatchPutAsync(all);
        var found = await orders.BatchGetAsync(all.Select(o => new DynamoKey(DynamoValue.From(o.CustomerId)!, DynamoValue.From(o.OrderId))));
        Assert.Equal(all, found.OrderBy(o => o.Total));
        Assert.Equal(150, (await Ids(orders.QueryAsync(customer))).Count);
    }

    [Fact]
    public async Task An_item_whose_ttl_has_passed_reads_as_missing_through_the_epoch_seconds_member()
    {
        var orders = Db.DynamoDb.Main.Orders;
        var customer = "t-" + Guid.NewGuid().ToString("N");
        await orders.PutAsync(NewOrder(customer, "old") with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-5) });
        await orders.PutAsync(NewOrder(customer, "new") with { ExpiresAt = DateTimeOffset.UtcNow.AddDays(1) });
        Assert.Null(await orders.GetAsync(customer, "old"));
        Assert.NotNull(await orders.GetAsync(customer, "new"));
        Assert.Equal(["new"], await Ids(orders.QueryAsync(customer)));

        // Stored as epoch seconds (a number), the format DynamoDB's TTL reads.
        var raw = await Db.DynamoDb.Main.Instance.GetItemAsync(
            GeneratedDynamoServer.Prefix + "orders",
            new Dictionary<string, AttributeValue> { ["customerId"] = new() { S = customer }, ["orderId"] = new() { S = "new" } });
        Assert.NotNull(raw.Item["expiresAt"].N);
    }

    [Fact]
    public async Task A_hash_only_table_is_a_repository_with_finders_over_its_indexes()
    {
        var users = Assert.IsAssignableFrom<IRepository<ConformanceUser, string>>(Db.DynamoDb.Main.Users);
        var id = "u-" + Guid.NewGuid().ToString("N");
        var user = new ConformanceUser { Id = id, Email = id + "@example.org", Name = "Ann", Age = 41, CreatedAt = s_start, Tags = ["x"] };
        await users.SaveAsync(user);
        Assert.Equal(user, await users.GetAsync(id));
        var found = new List<ConformanceUser>();
        await foreach (var u in users.FindAsync(x => x.Email, user.Email))
        {
            found.Add(u);
        }

        Assert.Equal([user], found);
        Assert.True(await users.DeleteAsync(id));
        Assert.Null(await users.GetAsync(id));
    }

    private static void AssertSameDefinition(TableDefinition expected, TableDefinition actual)
    {
        Assert.Equal(expected with { Indexes = [] }, actual with { Indexes = [] });
        Assert.Equal(expected.Indexes, actual.Indexes);
    }

    private static Dictionary<string, string> Renamed(Dictionary<string, string> item) =>
        item.ToDictionary(
            p => p.Key switch { "int" => "count", "long" => "big", "double" => "ratio", "decimal" => "price", _ => p.Key },
            p => p.Value,
            StringComparer.Ordinal);

    private static Dictionary<string, string> Describe(Dictionary<string, AttributeValue> item) =>
        item.ToDictionary(p => p.Key, p => Describe(p.Value), StringComparer.Ordinal);

    private static string Describe(AttributeValue value) =>
        value.S is not null ? "S:" + value.S
        : value.N is not null ? "N:" + value.N
        : value.BOOL is not null ? "BOOL:" + value.BOOL
        : value.B is not null ? "B:" + Convert.ToBase64String(value.B.ToArray())
        : value.SS is { Count: > 0 } ? "SS:" + string.Join(",", value.SS.Order(StringComparer.Ordinal))
        : value.NS is { Count: > 0 } ? "NS:" + string.Join(",", value.NS.Order(StringComparer.Ordinal))
        : value.L is not null ? "L:[" + string.Join(",", value.L.Select(Describe)) + "]"
        : value.M is not null ? "M:{" + string.Join(",", value.M.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + Describe(p.Value))) + "}"
        : value.NULL == true ? "NULL" : "?";

    private static Order NewOrder(string customer, string id, decimal total = 12.5m, string? email = "x@example.org", DateTimeOffset? at = null) => new()
    {
        CustomerId = customer,
        OrderId = id,
        Email = email,
        CreatedAt = at ?? s_start,
        Total = total,
        Status = OrderStatus.Placed,
    };

    private static async Task<List<string>> Ids(IAsyncEnumerable<Order> orders)
    {
        var ids = new List<string>();
        await foreach (var order in orders)
        {
            ids.Add(order.OrderId);
        }

        return ids;
    }
}
