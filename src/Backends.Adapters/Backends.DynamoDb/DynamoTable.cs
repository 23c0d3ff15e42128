using System.Globalization;
using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Backends.DynamoDb;

/// <summary>
/// A declared DynamoDB table of <typeparamref name="T"/>, read and written through an <see cref="IDynamoItemMapper{T}"/>.
/// Used by generated code: <c>Db.DynamoDb.Main.Orders</c> is a generated subclass that adds typed key overloads
/// (<c>GetAsync(string customerId, string orderId)</c>) and one <see cref="DynamoIndex{T}"/> member per declared index;
/// the members here take keys as <see cref="AttributeValue"/>s (build them with <see cref="DynamoValue"/>).
/// </summary>
/// <remarks>
/// <para>Reads of the table are strongly consistent (index queries cannot be). An item whose
/// <see cref="TableDefinition.TimeToLiveAttribute"/> is past reads as missing everywhere here, because DynamoDB deletes
/// expired items only eventually.</para>
/// <para>Every member needs the connection to be ready (it throws <see cref="InvalidOperationException"/> until then).
/// The SDK retries throttling with backoff (<see cref="DynamoDbSettings.MaxErrorRetry"/>); the batch members also retry
/// the items DynamoDB leaves unprocessed, with backoff, until they are done or the token is cancelled.</para>
/// </remarks>
/// <typeparam name="T">The document type.</typeparam>
public class DynamoTable<T>
    where T : class
{
    /// <summary>The most items one BatchWriteItem takes.</summary>
    public const int BatchWriteSize = 25;

    /// <summary>The most keys one BatchGetItem takes.</summary>
    public const int BatchGetSize = 100;

    private const int MaxUnprocessedRounds = 16;
    private static readonly TimeSpan s_firstBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan s_lastBackoff = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, DynamoIndex<T>> _indexes = new(StringComparer.Ordinal);

    /// <summary>Creates the table handle and registers <paramref name="definition"/> with <paramref name="backend"/> (a no-op when it already is).</summary>
    /// <exception cref="ArgumentException">The definition is invalid or conflicts with another of the same name.</exception>
    /// <exception cref="InvalidOperationException">The definition is new and the connection has already started.</exception>
    public DynamoTable(DynamoDbBackend backend, TableDefinition definition, IDynamoItemMapper<T> mapper)
    {
        Backend = backend ?? throw new ArgumentNullException(nameof(backend));
        Definition = definition ?? throw new ArgumentNullException(nameof(definition));
        Mapper = mapper ?? throw new ArgumentNullException(nameof(mapper));
        backend.RegisterTable(definition);
        foreach (var index in definition.Indexes)
        {
            _indexes[index.Name] = new DynamoIndex<T>(this, index);
        }
    }

    /// <summary>The connection.</summary>
    public DynamoDbBackend Backend { get; }

    /// <summary>The table's declaration.</summary>
    public TableDefinition Definition { get; }

    /// <summary>The item mapper.</summary>
    public IDynamoItemMapper<T> Mapper { get; }

    /// <summary>The full table name (with the connection's <c>tablePrefix</c>).</summary>
    public string TableName => Backend.TableName(Definition.Name);

    /// <summary>The declared global secondary index <paramref name="name"/>. Used by generated code for the typed index members.</summary>
    /// <exception cref="ArgumentException">No such index is declared (the message names the declared ones).</exception>
    public DynamoIndex<T> Index(string name) =>
        _indexes.TryGetValue(name, out var index) ? index : _indexes[Definition.Index(name).Name]; // Index(name) throws naming the declared ones

    /// <summary>Stores <paramref name="item"/>, replacing the item with the same key.</summary>
    public async ValueTask PutAsync(T item, CancellationToken cancellationToken = default)
    {
        var request = new PutItemRequest { TableName = TableName, Item = ToItem(item) };
        await RunAsync(c => c.PutItemAsync(request, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores <paramref name="item"/> only when no live item has its key (condition <c>attribute_not_exists</c>); returns
    /// whether it was stored. An item whose TTL has passed counts as absent and is replaced.
    /// </summary>
    public async ValueTask<bool> PutIfNotExistsAsync(T item, CancellationToken cancellationToken = default)
    {
        var request = new PutItemRequest
        {
            TableName = TableName,
            Item = ToItem(item),
            ConditionExpression = "attribute_not_exists(#h)",
            ExpressionAttributeNames = new() { ["#h"] = Definition.HashKey.Name },
        };
        if (Definition.TimeToLiveAttribute is { } ttl)
        {
            request.ConditionExpression += " OR #t <= :now";
            request.ExpressionAttributeNames["#t"] = ttl;
            request.ExpressionAttributeValues = new() { [":now"] = DynamoDbBackend.NowSeconds() };
        }

        try
        {
            await RunAsync(c => c.PutItemAsync(request, cancellationToken)).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>The item with hash key <paramref name="hash"/> (a hash-only table), or <see langword="null"/>.</summary>
    public ValueTask<T?> GetAsync(AttributeValue hash, CancellationToken cancellationToken = default) =>
        GetAsync(new DynamoKey(hash), cancellationToken);

    /// <summary>The item with keys <paramref name="hash"/> and <paramref name="range"/>, or <see langword="null"/>.</summary>
    public ValueTask<T?> GetAsync(AttributeValue hash, AttributeValue range, CancellationToken cancellationToken = default) =>
        GetAsync(new DynamoKey(hash, range), cancellationToken);

    /// <summary>The item with <paramref name="key"/>, or <see langword="null"/> when there is none (or its TTL has passed).</summary>
    public async ValueTask<T?> GetAsync(DynamoKey key, CancellationToken cancellationToken = default)
    {
        var request = new GetItemRequest { TableName = TableName, Key = KeyOf(key), ConsistentRead = true };
        var response = await RunAsync(c => c.GetItemAsync(request, cancellationToken)).ConfigureAwait(false);
        return Read(response.Item);
    }

    /// <summary>Deletes the item with hash key <paramref name="hash"/>; returns whether a live one existed.</summary>
    public ValueTask<bool> DeleteAsync(AttributeValue hash, CancellationToken cancellationToken = default) =>
        DeleteAsync(new DynamoKey(hash), cancellationToken);

    /// <summary>Deletes the item with keys <paramref name="hash"/> and <paramref name="range"/>; returns whether a live one existed.</summary>
    public ValueTask<bool> DeleteAsync(AttributeValue hash, AttributeValue range, CancellationToken cancellationToken = default) =>
        DeleteAsync(new DynamoKey(hash, range), cancellationToken);

    /// <summary>Deletes the item with <paramref name="key"/>; returns whether a live one existed (<c>ReturnValues ALL_OLD</c>).</summary>
    public async ValueTask<bool> DeleteAsync(DynamoKey key, CancellationToken cancellationToken = default)
    {
        var request = new DeleteItemRequest { TableName = TableName, Key = KeyOf(key), ReturnValues = ReturnValue.ALL_OLD };
        var response = await RunAsync(c => c.DeleteItemAsync(request, cancellationToken)).ConfigureAwait(false);
        return response.Attributes is { Count: > 0 } old && !IsExpired(old);
    }

    /// <summary>
    /// The items with hash key <paramref name="hash"/> (and a sort key meeting <paramref name="range"/>), in sort-key order
    /// (<paramref name="descending"/> reverses it), fetched page by page as the caller enumerates.
    /// </summary>
    /// <param name="hash">The hash key value.</param>
    /// <param name="range">A condition on the sort key, or <see langword="null"/> for all items of the hash key.</param>
    /// <param name="limit">The most items to return, or <see langword="null"/> for all.</param>
    /// <param name="descending">Whether to return the items in descending sort-key order.</param>
    /// <param name="pageSize">The most items one request reads (DynamoDB's <c>Limit</c>); <see langword="null"/>: up to 1 MB.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public IAsyncEnumerable<T> QueryAsync(
        AttributeValue hash, RangeCondition? range = null, int? limit = null, bool descending = false, int? pageSize = null, CancellationToken cancellationToken = default) =>
        QueryCoreAsync(null, Definition.HashKey, Definition.RangeKey, hash, range, limit, descending, pageSize, consistent: true, cancellationToken);

    /// <summary>Every item of the table, page by page (a full scan: meant for small tables, tests and tools).</summary>
    /// <param name="limit">The most items to return, or <see langword="null"/> for all.</param>
    /// <param name="pageSize">The most items one request reads; <see langword="null"/>: up to 1 MB.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public async IAsyncEnumerable<T> ScanAsync(int? limit = null, int? pageSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ValidatePaging(limit, pageSize);
        var pages = ReadPagesAsync(
            async start =>
            {
                var request = new ScanRequest { TableName = TableName, ConsistentRead = true, ExclusiveStartKey = start, Limit = pageSize };
                var page = await RunAsync(c => c.ScanAsync(request, cancellationToken)).ConfigureAwait(false);
                return (page.Items, page.LastEvaluatedKey);
            },
            limit);
        await foreach (var item in pages.ConfigureAwait(false))
        {
            yield return item;
        }
    }

    /// <summary>How many live items the table holds (a scan that counts: meant for small tables, tests and tools).</summary>
    public async ValueTask<long> CountAsync(CancellationToken cancellationToken = default)
    {
        long count = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var request = new ScanRequest { TableName = TableName, ConsistentRead = true, ExclusiveStartKey = start, Select = Select.COUNT };
            if (Definition.TimeToLiveAttribute is { } ttl)
            {
                request.FilterExpression = "attribute_not_exists(#t) OR #t > :now";
                request.ExpressionAttributeNames = new() { ["#t"] = ttl };
                request.ExpressionAttributeValues = new() { [":now"] = DynamoDbBackend.NowSeconds() };
            }

            var page = await RunAsync(c => c.ScanAsync(request, cancellationToken)).ConfigureAwait(false);
            count += page.Count ?? 0;
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return count;
    }

    /// <summary>
    /// Stores every item of <paramref name="items"/> (replacing items with the same keys), in BatchWriteItem requests of
    /// <see cref="BatchWriteSize"/>, retrying the items DynamoDB leaves unprocessed with backoff. Two items with the same
    /// key in one call are a validation error, as in DynamoDB.
    /// </summary>
    /// <exception cref="TimeoutException">Items were still unprocessed after 16 rounds of retries (sustained throttling).</exception>
    public async ValueTask BatchPutAsync(IEnumerable<T> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var chunk in items.Select(ToItem).Chunk(BatchWriteSize))
        {
            var pending = new Dictionary<string, List<WriteRequest>>(StringComparer.Ordinal)
            {
                [TableName] = [.. chunk.Select(item => new WriteRequest { PutRequest = new PutRequest { Item = item } })],
            };
            var backoff = s_firstBackoff;
            for (var round = 1; ; round++)
            {
                var request = new BatchWriteItemRequest { RequestItems = pending };
                var response = await RunAsync(c => c.BatchWriteItemAsync(request, cancellationToken)).ConfigureAwait(false);
                if (response.UnprocessedItems is not { Count: > 0 } unprocessed || unprocessed.Values.All(l => l.Count == 0))
                {
                    break;
                }

                if (round == MaxUnprocessedRounds)
                {
                    throw Unfinished(unprocessed.Values.Sum(l => l.Count), "written");
                }

                pending = unprocessed;
                backoff = await BackOffAsync(backoff, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The live items with the given keys, in BatchGetItem requests of <see cref="BatchGetSize"/> (strongly consistent),
    /// retrying the keys DynamoDB leaves unprocessed with backoff. Missing keys are left out; the order is not the keys'.
    /// </summary>
    /// <exception cref="TimeoutException">Keys were still unprocessed after 16 rounds of retries.</exception>
    public async ValueTask<IReadOnlyList<T>> BatchGetAsync(IEnumerable<DynamoKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new List<T>();
        foreach (var chunk in keys.Select(KeyOf).Chunk(BatchGetSize))
        {
            var pending = new Dictionary<string, KeysAndAttributes>(StringComparer.Ordinal)
            {
                [TableName] = new KeysAndAttributes { Keys = [.. chunk], ConsistentRead = true },
            };
            var backoff = s_firstBackoff;
            for (var round = 1; ; round++)
            {
                var request = new BatchGetItemRequest { RequestItems = pending };
                var response = await RunAsync(c => c.BatchGetItemAsync(request, cancellationToken)).ConfigureAwait(false);
                if (response.Responses is { } responses && responses.TryGetValue(TableName, out var items))
                {
                    found.AddRange(items.Select(Read).OfType<T>());
                }

                if (response.UnprocessedKeys is not { Count: > 0 } unprocessed || unprocessed.Values.All(k => (k.Keys?.Count ?? 0) == 0))
                {
                    break;
                }

                if (round == MaxUnprocessedRounds)
                {
                    throw Unfinished(unprocessed.Values.Sum(k => k.Keys?.Count ?? 0), "read");
                }

                pending = unprocessed;
                backoff = await BackOffAsync(backoff, cancellationToken).ConfigureAwait(false);
            }
        }

        return found;
    }

    /// <summary>The query behind <see cref="QueryAsync"/> and <see cref="DynamoIndex{T}.QueryAsync"/>.</summary>
    internal async IAsyncEnumerable<T> QueryCoreAsync(
        string? indexName,
        TableKey hashKey,
        TableKey? rangeKey,
        AttributeValue hash,
        RangeCondition? range,
        int? limit,
        bool descending,
        int? pageSize,
        bool consistent,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ValidatePaging(limit, pageSize);
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { ["#h"] = hashKey.Name };
        var values = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { [":h"] = hash };
        var condition = "#h = :h";
        if (range is not null)
        {
            var key = rangeKey ?? throw new ArgumentException(
                $"\"{indexName ?? Definition.Name}\" has no range key, so a query on it takes no range condition.", nameof(range));
            names["#r"] = key.Name;
            values[":r1"] = range.Value;
            if (range.Second is { } second)
            {
                values[":r2"] = second;
            }

            condition += " AND " + range.Expression;
        }

        var pages = ReadPagesAsync(
            async start =>
            {
                var request = new QueryRequest
                {
                    TableName = TableName,
                    IndexName = indexName,
                    KeyConditionExpression = condition,
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                    ScanIndexForward = !descending,
                    ConsistentRead = consistent,
                    ExclusiveStartKey = start,
                    Limit = pageSize,
                };
                var page = await RunAsync(c => c.QueryAsync(request, cancellationToken)).ConfigureAwait(false);
                return (page.Items, page.LastEvaluatedKey);
            },
            limit);
        await foreach (var item in pages.ConfigureAwait(false))
        {
            yield return item;
        }
    }

    /// <summary>
    /// The live items of the pages <paramref name="readPage"/> returns, each page asked from where the last one stopped
    /// (its <c>LastEvaluatedKey</c>; <see langword="null"/> for the first), until a page has no next one or
    /// <paramref name="limit"/> items were returned. Expired items (<see cref="Read"/> gives <see langword="null"/>)
    /// do not count towards the limit.
    /// </summary>
    private async IAsyncEnumerable<T> ReadPagesAsync(
        Func<Dictionary<string, AttributeValue>?, Task<(List<Dictionary<string, AttributeValue>>? Items, Dictionary<string, AttributeValue>? Next)>> readPage,
        int? limit)
    {
        var returned = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var (items, next) = await readPage(start).ConfigureAwait(false);
            foreach (var raw in items ?? [])
            {
                if (Read(raw) is { } item)
                {
                    yield return item;
                    if (++returned == limit)
                    {
                        yield break;
                    }
                }
            }

            start = next is { Count: > 0 } ? next : null;
        }
        while (start is not null);
    }

    /// <summary>Whether <paramref name="item"/>'s TTL attribute holds a time that has passed.</summary>
    protected bool IsExpired(Dictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Definition.TimeToLiveAttribute is { } ttl
            && item.TryGetValue(ttl, out var value)
            && value.N is { } n
            && decimal.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds <= DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }

    /// <summary>Runs one request on the ready client, recording a failure in the connection's errors.</summary>
    private protected async Task<TResponse> RunAsync<TResponse>(Func<IAmazonDynamoDB, Task<TResponse>> request)
    {
        var client = Backend.Instance;
        try
        {
            return await request(client).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Backend.ReportOperationError(ex);
            throw;
        }
    }

    private Dictionary<string, AttributeValue> ToItem(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var mapped = Mapper.ToItem(item);
        if (!mapped.ContainsKey(Definition.HashKey.Name) || (Definition.RangeKey is { } range && !mapped.ContainsKey(range.Name)))
        {
            throw new ArgumentException($"The item has no value for a key of \"{Definition.Name}\" ({Definition.HashKey}{(Definition.RangeKey is { } r ? ", " + r : "")}).", nameof(item));
        }

        return mapped;
    }

    private T? Read(Dictionary<string, AttributeValue>? item) =>
        item is null || item.Count == 0 || IsExpired(item) ? null : Mapper.FromItem(item);

    private Dictionary<string, AttributeValue> KeyOf(DynamoKey key)
    {
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            [Definition.HashKey.Name] = key.Hash ?? throw new ArgumentException("The key has no hash value.", nameof(key)),
        };
        if (Definition.RangeKey is { } range)
        {
            item[range.Name] = key.Range ?? throw new ArgumentException($"\"{Definition.Name}\" has a range key ({range.Name}): give its value too.", nameof(key));
        }
        else if (key.Range is not null)
        {
            throw new ArgumentException($"\"{Definition.Name}\" has no range key: give the hash key only.", nameof(key));
        }

        return item;
    }

    private static void ValidatePaging(int? limit, int? pageSize)
    {
        if (limit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "A limit must be at least 1 (or null for all items).");
        }

        if (pageSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "A page size must be at least 1 (or null for DynamoDB's 1 MB pages).");
        }
    }

    private static async Task<TimeSpan> BackOffAsync(TimeSpan backoff, CancellationToken cancellationToken)
    {
        var jittered = TimeSpan.FromTicks((long)(backoff.Ticks * (0.5 + (Random.Shared.NextDouble() * 0.5))));
        await Task.Delay(jittered, cancellationToken).ConfigureAwait(false);
        return TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, s_lastBackoff.Ticks));
    }

    private TimeoutException Unfinished(int count, string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{count} item(s) of \"{TableName}\" were still not {what} after {MaxUnprocessedRounds} rounds of retries (sustained throttling): raise the table's capacity or retry later."));
}
