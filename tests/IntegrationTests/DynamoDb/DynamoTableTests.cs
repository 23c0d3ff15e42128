using Backends.Testing;
using Amazon.DynamoDBv2.Model;
using Backends.DynamoDb;
using Backends.Runtime;

namespace IntegrationTests.DynamoDb;

/// <summary>Declared tables: start-up creates them once, typed CRUD, queries, paging, GSIs, batches and TTL.</summary>
public sealed class DynamoTableTests(DynamoFixture fixture) : IClassFixture<DynamoFixture>
{
    private static readonly DateTimeOffset s_start = new(2024, 5, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Start_up_creates_the_declared_tables_and_the_key_value_table_with_their_schema()
    {
        var prefix = fixture.NewPrefix();
        await using var backend = new DynamoDbBackend("main", fixture.Settings(prefix));
        var orders = new OrdersTable(backend);
        var sinks = new KitchenSinksTable(backend);
        await backend.ConfigureAsync();

        using var raw = fixture.RawClient();
        var described = (await raw.DescribeTableAsync(prefix + "orders")).Table;
        Assert.Equal("ACTIVE", described.TableStatus.Value);
        Assert.Equal(["customerId:HASH", "orderId:RANGE"], described.KeySchema.Select(k => k.AttributeName + ":" + k.KeyType.Value));
        Assert.Equal(["createdAt:S", "customerId:S", "email:S", "orderId:S"], described.AttributeDefinitions.Select(a => a.AttributeName + ":" + a.AttributeType.Value).Order(StringComparer.Ordinal));
        Assert.Equal(5, described.ProvisionedThroughput.ReadCapacityUnits);
        var index = Assert.Single(described.GlobalSecondaryIndexes);
        Assert.Equal("byEmail", index.IndexName);
        Assert.Equal(["email:HASH", "createdAt:RANGE"], index.KeySchema.Select(k => k.AttributeName + ":" + k.KeyType.Value));
        Assert.Equal("ACTIVE", index.IndexStatus.Value);

        var sinkTable = (await raw.DescribeTableAsync(prefix + "sinks")).Table;
        Assert.Equal("PAY_PER_REQUEST", sinkTable.BillingModeSummary?.BillingMode?.Value ?? "PAY_PER_REQUEST");
        var keyValue = (await raw.DescribeTableAsync(prefix + "backends_kv")).Table;
        Assert.Equal(["k:HASH"], keyValue.KeySchema.Select(k => k.AttributeName + ":" + k.KeyType.Value));
        Assert.Equal(orders.TableName, prefix + "orders");
        Assert.Equal(sinks.TableName, prefix + "sinks");
    }

    [Fact]
    public async Task A_second_start_is_idempotent_and_keeps_the_data()
    {
        var prefix = fixture.NewPrefix();
        DateTime? created;
        await using (var first = new DynamoDbBackend("main", fixture.Settings(prefix)))
        {
            var orders = new OrdersTable(first);
            await first.ConfigureAsync();
            await orders.PutAsync(NewOrder("c1", "o1"));
            using var raw = fixture.RawClient();
            created = (await raw.DescribeTableAsync(prefix + "orders")).Table.CreationDateTime;
        }

        await using var second = new DynamoDbBackend("main", fixture.Settings(prefix));
        var again = new OrdersTable(second);
        await second.ConfigureAsync();
        Assert.Equal(ConnectionState.Ready, second.State);
        Assert.Equal(1, second.Attempts);
        Assert.Equal(NewOrder("c1", "o1"), await again.GetAsync("c1", "o1"));
        using var check = fixture.RawClient();
        Assert.Equal(created, (await check.DescribeTableAsync(prefix + "orders")).Table.CreationDateTime);
        Assert.DoesNotContain(second.Errors, e => e.Phase == "configure");
    }

    [Fact]
    public async Task A_table_that_exists_with_another_key_schema_fails_start_up_at_once_naming_the_difference()
    {
        var prefix = fixture.NewPrefix();
        using (var raw = fixture.RawClient())
        {
            await raw.CreateTableAsync(new CreateTableRequest
            {
                TableName = prefix + "orders",
                KeySchema = [new KeySchemaElement("id", Amazon.DynamoDBv2.KeyType.HASH)],
                AttributeDefinitions = [new AttributeDefinition("id", Amazon.DynamoDBv2.ScalarAttributeType.N)],
                BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
            });
        }

        var settings = fixture.Settings(prefix);
        settings.StartupTimeout = TimeSpan.FromMinutes(5); // a retry loop would run for minutes; a permanent error ends at once
        await using var backend = new DynamoDbBackend("main", settings);
        _ = new OrdersTable(backend);
        var error = await Assert.ThrowsAsync<BackendStartupException>(() => backend.ConfigureAsync());
        Assert.Equal(ConnectionState.Faulted, backend.State);
        Assert.Equal(1, backend.Attempts);
        Assert.Contains(prefix + "orders", error.Message, StringComparison.Ordinal);
        Assert.Contains("hash key: declared customerId (S), found id (N)", error.Message, StringComparison.Ordinal);
        Assert.Contains("range key: declared orderId (S), found none", error.Message, StringComparison.Ordinal);
        Assert.Contains("index \"byEmail\" is missing", error.Message, StringComparison.Ordinal);
        Assert.IsType<DynamoTableSchemaException>(Assert.Single(backend.Errors).GetOriginalException());
    }

    [Fact]
    public async Task Put_get_delete_with_hash_and_range_keys()
    {
        await using var backend = new DynamoDbBackend("main", fixture.Settings());
        var orders = new OrdersTable(backend);
        await backend.ConfigureAsync();

        Assert.Null(await orders.GetAsync("c1", "o1"));
        var order = NewOrder("c1", "o1");
        await orders.PutAsync(order);
        Assert.Equal(order, await orders.GetAsync("c1", "o1"));
        Assert.Null(await orders.GetAsync("c1", "o2"));

        var changed = order with { Total = 99.5m, Status = OrderStatus.Shipped };
        await orders.PutAsync(changed);
        Assert.Equal(changed, await orders.GetAsync("c1", "o1"));

        Assert.True(await orders.DeleteAsync("c1", "o1"));
        Assert.Null(await orders.GetAsync("c1", "o1"));
        Assert.False(await orders.DeleteAsync("c1", "o1"));
        await Assert.ThrowsAsync<ArgumentException>(() => orders.GetAsync(DynamoValue.From("c1")!).AsTask()); // the range key is missing
    }

    [Fact]
    public async Task Put_if_not_exists_stores_only_the_first()
    {
        await using var backend = new DynamoDbBackend("main", fixture.Settings());
        var orders = new OrdersTable(backend);
        await backend.ConfigureAsync();

        Assert.True(await orders.PutIfNotExistsAsync(NewOrder("c1", "o1", total: 1)));
        Assert.False(await orders.PutIfNotExistsAsync(NewOrder("c1", "o1", total: 2)));
        Assert.Equal(1, (await orders.GetAsync("c1", "o1"))!.Total);
        Assert.True(await orders.PutIfNotExistsAsync(NewOrder("c1", "o2", total: 3)));
        Assert.DoesNotContain(backend.Errors, e => e.Phase == "table"); // a refused condition is an answer, not an error
    }

    [Fact]
    public async Task Query_by_hash_key_with_range_conditions_in_order()
    {
        await using var backend = new DynamoDbBackend("main", fixture.Settings());
        var orders = new OrdersTable(backend);
        await backend.ConfigureAsync();
        foreach (var id in new[] { "o3", "o1", "o5", "o2", "o4", "x1" })
        {
            await orders.PutAsync(NewOrder("c1", id));
        }

        await orders.PutAsync(NewOrder("c2", "o1"));

        Assert.Equal(["o1", "o2", "o3", "o4", "o5", "x1"], await Ids(orders.QueryAsync("c1")));
        Assert.Equal(["x1", "o5", "o4", "o3", "o2", "o1"], await Ids(orders.QueryAsync("c1", descending: true)));
        Assert.Equal(["o2", "o3", "o4"], await Ids(orders.QueryAsync("c1", RangeCondition.Between(DynamoValue.From("o2")!, DynamoValue.From("o4")!))));
        Assert.Equal(["o4", "o5", "x1"], await Ids(orders.QueryAsync("c1", RangeCondition.GreaterThan(DynamoValue.From("o3")!))));
        Assert.Equal(["o1", "o2"], await Ids(orders.QueryAsync("c1", RangeCondition.LessThanOrEqual(DynamoValue.From("o2")!))));
        Assert.Equal(["o1", "o2", "o3", "o4", "o5"], await Ids(orders.QueryAsync("c1", RangeCondition.BeginsWith(DynamoValue.From("o")!))));
        Assert.Equal(["o3"], await Ids(orders.QueryAsync("c1", RangeCondition.EqualTo(DynamoValue.From("o3")!))));
        Assert.Equal(["o1", "o2"], await Ids(orders.QueryAsync("c1", limit: 2)));
        Assert.Empty(await Ids(orders.QueryAsync("nobody")));
    }

    [Fact]
    public async Task Query_pages_across_many_pages_with_a_small_page_size()
    {
        await using var backend = new DynamoDbBackend("main", fixture.Settings());
        var orders = new OrdersTable(backend);
        await backend.ConfigureAsync();
        var expected = Enumerable.Range(0, 23).Select(i => "o" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        await orders.BatchPutAsync(expected.Select(id => NewOrder("pager", id)));

        // 23 items in pages of 4: six requests, each continuing from LastEvaluatedKey.
        Assert.Equal(expected, await Ids(orders.QueryAsync("pager", pageSize: 4)));
        Assert.Equal(expected.Take(10), await Ids(orders.QueryAsync("pager", limit: 10, pageSize: 3)));
        Assert.Equal(23, await Count(orders.ScanAsync(pageSize: 5)));
        Assert.Equal(23, await orders.CountAsync());
    }

    [Fact]
    public async Task Gsi_queries_find_items_by_the_index_keys()
    {
        await using var backend = new DynamoDbBackend("main", fixture.Settings());
        var orders = new OrdersTable(backend);
        await backend.ConfigureAsync();
        await orders.PutAsync(NewOrder("c1", "o1", email: "ann@example.org", at: s_start.AddHours(3)));
        await orders.PutAsync(NewOrder("c2", "o7", email: "ann@example.org", at: s_start.AddHours(1)));
        await orders.PutAsync(NewOrder("c3", "o2", email: "ann@example.org", at: s_start.AddHours(2)));
        await orders.PutAsync(NewOrder("c1", "o3", email: "bob@example.org", at: s_start));
        await orders.PutAsync(NewOrder("c1", "o4", email: null, at: s_start)); // not in the sparse index

        Assert.Equal(["o7", "o2", "o1"], await Ids(orders.ByEmail.QueryAsync("ann@example.org")));
        Assert.Equal(["o1", "o2", "o7"], await Ids(orders.ByEmail.QueryAsync("ann@example.org", descending: true)));
        Assert.Equal(["o2", "o1"], await Ids(orders.ByEmail.QueryAsync("ann@example.org", RangeCondition.GreaterThanOrEqual(DynamoValue.From(s_start.AddHours(2))))));
        Assert.Equal(["o7", "o2", "o1"], await Ids(orders.ByEmail.QueryAsync("ann@example.org", pageSize: 1)));
        Assert.Equal(["o3"], await Ids(orders.ByEmail.QueryAsync("bob@example.org")));
        Assert.Empty(await Ids(orders.ByEmail.QueryAsync("nobody@example.org")));
        Assert.Throws<ArgumentException>(() => orders.Index("byName"));
    }

    [Fact]
    public async Task Batch_put_and_batch_get_of_more_than_a_hundred_items()
    {
        await using var backend = new DynamoDbBackend("main", fixture.Settings());
        var orders = new OrdersTable(backend);
        await backend.ConfigureAsync();
        var all = Enumerable.Range(0, 260).Select(i => NewOrder("c" + (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture), "o" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), total: i)).ToList();

        await orders.BatchPutAsync(all); // 11 BatchWriteItem requests of up to 25

        var keys = all.Select(o => new DynamoKey(DynamoValue.From(o.CustomerId)!, DynamoValue.From(o.OrderId)))
            .Append(new DynamoKey(DynamoValue.From("c1")!, DynamoValue.From("missing")))
            .ToList();
        var found = await orders.BatchGetAsync(keys); // 3 BatchGetItem requests of up to 100
        Assert.Equal(all.Count, found.Count);
        Assert.Equal(all.OrderBy(o => o.Total), found.OrderBy(o => o.Total));
        Assert.Equal(260, await orders.CountAsync());
    }

    [Fact]
    public async Task An_item_whose_ttl_has_passed_reads_as_missing()
    {
        await using var backend = new DynamoDbBackend("main", fixture.Settings());
        var orders = new OrdersTable(backend);
        await backend.ConfigureAsync();
        var expired = NewOrder("c1", "old") with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-5) };
        var live = NewOrder("c1", "new") with { ExpiresAt = DateTimeOffset.UtcNow.AddHours(1) };
        await orders.PutAsync(expired);
        await orders.PutAsync(live);

        // The item is still stored (DynamoDB deletes lazily; dynalite never does) ...
        using var raw = fixture.RawClient();
        var stored = await raw.GetItemAsync(orders.TableName, new() { ["customerId"] = new AttributeValue("c1"), ["orderId"] = new AttributeValue("old") });
        Assert.True(stored.Item is { Count: > 0 });

        // ... but every read treats it as missing.
        Assert.Null(await orders.GetAsync("c1", "old"));
        Assert.NotNull(await orders.GetAsync("c1", "new"));
        Assert.Equal(["new"], await Ids(orders.QueryAsync("c1")));
        Assert.Equal(["new"], await Ids(orders.ScanAsync()));
        Assert.Equal(1, await orders.CountAsync());
        Assert.Single(await orders.BatchGetAsync([new DynamoKey(DynamoValue.From("c1")!, DynamoValue.From("old")), new DynamoKey(DynamoValue.From("c1")!, DynamoValue.From("new"))]));
        Assert.False(await orders.DeleteAsync("c1", "old"));
        Assert.True(await orders.PutIfNotExistsAsync(expired with { ExpiresAt = DateTimeOffset.UtcNow.AddHours(1), Total = 5 }));
        Assert.Equal(5, (await orders.GetAsync("c1", "old"))!.Total);
    }

    [Fact]
    public async Task Without_UpdateTimeToLive_start_up_records_a_warning_and_goes_on()
    {
        await using var backend = new DynamoDbBackend("main", fixture.Settings());
        _ = new OrdersTable(backend);
        await backend.ConfigureAsync();
        Assert.Equal(ConnectionState.Ready, backend.State);
        if (fixture.IsDynalite)
        {
            // dynalite answers UnknownOperationException: one warning per table with a TTL (orders and the key/value table).
            var warnings = backend.Errors.Where(e => e.Phase == "ttl").ToList();
            Assert.Equal(2, warnings.Count);
            Assert.All(warnings, w => Assert.IsType<NotSupportedException>(w.GetOriginalException()));
            Assert.Contains(warnings, w => w.Message.Contains(backend.TableName("orders"), StringComparison.Ordinal));
        }
        else
        {
            Assert.DoesNotContain(backend.Errors, e => e.Phase == "ttl");
        }
    }

    [Fact]
    public async Task Tables_cannot_be_declared_after_start_up_or_twice_differently()
    {
        await using var backend = new DynamoDbBackend("main", fixture.Settings());
        _ = new OrdersTable(backend);
        _ = new OrdersTable(backend); // the same declaration again: a no-op
        Assert.Throws<ArgumentException>(() => backend.RegisterTable(OrdersTable.Declaration with { ReadCapacity = 9 }));
        Assert.Throws<ArgumentException>(() => backend.RegisterTable(new TableDefinition("ab", new TableKey("id", DynamoKeyType.S))));
        Assert.Throws<ArgumentException>(() => backend.RegisterTable(new TableDefinition("half", new TableKey("id", DynamoKeyType.S)) { ReadCapacity = 1 }));
        await backend.ConfigureAsync();
        Assert.Throws<InvalidOperationException>(() => backend.RegisterTable(new TableDefinition("late", new TableKey("id", DynamoKeyType.S))));
        Assert.Single(backend.Tables);
    }

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

    private static async Task<int> Count<T>(IAsyncEnumerable<T> items)
    {
        var count = 0;
        await foreach (var _ in items)
        {
            count++;
        }

        return count;
    }
}
