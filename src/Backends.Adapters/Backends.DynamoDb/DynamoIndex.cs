using Amazon.DynamoDBv2.Model;

namespace Backends.DynamoDb;

/// <summary>
/// A global secondary index of a <see cref="DynamoTable{T}"/>. Used by generated code: each declared index is a typed
/// member of the generated table (<c>Db.DynamoDb.Main.Orders.ByEmail</c>) that wraps one of these. Index queries are
/// eventually consistent (DynamoDB offers nothing else on a GSI).
/// </summary>
/// <typeparam name="T">The document type.</typeparam>
public sealed class DynamoIndex<T>
    where T : class
{
    internal DynamoIndex(DynamoTable<T> table, IndexDefinition definition)
    {
        Table = table;
        Definition = definition;
    }

    /// <summary>The table.</summary>
    public DynamoTable<T> Table { get; }

    /// <summary>The index's declaration.</summary>
    public IndexDefinition Definition { get; }

    /// <summary>The items whose index hash key is <paramref name="hash"/> (and whose index sort key meets <paramref name="range"/>), page by page.</summary>
    /// <param name="hash">The index's hash key value.</param>
    /// <param name="range">A condition on the index's sort key, or <see langword="null"/>.</param>
    /// <param name="limit">The most items to return, or <see langword="null"/> for all.</param>
    /// <param name="descending">Whether to return the items in descending sort-key order.</param>
    /// <param name="pageSize">The most items one request reads; <see langword="null"/>: up to 1 MB.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public IAsyncEnumerable<T> QueryAsync(
        AttributeValue hash, RangeCondition? range = null, int? limit = null, bool descending = false, int? pageSize = null, CancellationToken cancellationToken = default) =>
        Table.QueryCoreAsync(Definition.Name, Definition.HashKey, Definition.RangeKey, hash, range, limit, descending, pageSize, consistent: false, cancellationToken);
}
