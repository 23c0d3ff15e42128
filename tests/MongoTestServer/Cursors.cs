using System.Collections.Concurrent;
using MongoDB.Bson;

namespace MongoTestServer;

/// <summary>Open cursors: what a find or aggregate has not returned yet, handed out by getMore.</summary>
internal sealed class Cursors
{
    private readonly ConcurrentDictionary<long, (string Namespace, Queue<BsonDocument> Remaining)> _open = new();
    private long _nextId = 7_000_000;

    /// <summary>Takes the first batch; opens a cursor for the rest unless <paramref name="singleBatch"/>.</summary>
    public BsonDocument FirstBatch(string ns, IEnumerable<BsonDocument> results, int? batchSize, bool singleBatch)
    {
        var remaining = new Queue<BsonDocument>(results);
        var batch = Take(remaining, batchSize ?? 101);
        long id = 0;
        if (remaining.Count > 0 && !singleBatch)
        {
            id = Interlocked.Increment(ref _nextId);
            _open[id] = (ns, remaining);
        }

        return Reply("firstBatch", ns, batch, id);
    }

    public BsonDocument NextBatch(long id, string ns, int? batchSize)
    {
        if (!_open.TryGetValue(id, out var cursor) || cursor.Namespace != ns)
        {
            throw new CommandError(43, "CursorNotFound", $"cursor id {id} not found");
        }

        var batch = Take(cursor.Remaining, batchSize is > 0 ? batchSize.Value : int.MaxValue);
        if (cursor.Remaining.Count == 0)
        {
            _open.TryRemove(id, out _);
            id = 0;
        }

        return Reply("nextBatch", ns, batch, id);
    }

    public bool Kill(long id) => _open.TryRemove(id, out _);

    private static BsonArray Take(Queue<BsonDocument> remaining, int count)
    {
        var batch = new BsonArray();
        while (batch.Count < count && remaining.TryDequeue(out var document))
        {
            batch.Add(document);
        }

        return batch;
    }

    private static BsonDocument Reply(string batchName, string ns, BsonArray batch, long id) => new()
    {
        { "cursor", new BsonDocument { { batchName, batch }, { "id", new BsonInt64(id) }, { "ns", ns } } },
        { "ok", 1.0 },
    };
}
