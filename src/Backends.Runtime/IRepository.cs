using System.Linq.Expressions;

namespace Backends.Runtime;

/// <summary>
/// One interface over declared data, whatever the backend: a service saves, reads, deletes and finds
/// <typeparamref name="T"/> by its key and by declared indexes, and configuration chooses whether a MongoDB collection
/// or a DynamoDB table holds it (<c>"repositories": { "users": "dynamodb.main.users" }</c>).
/// </summary>
/// <typeparam name="T">The document type.</typeparam>
/// <typeparam name="TKey">The type of the key member: MongoDB's id, DynamoDB's hash key.</typeparam>
/// <remarks>
/// Reads of items whose time to live has passed return nothing, even where the backend deletes them later. A shared
/// conformance suite (<c>RepositoryConformance</c> in tests/Backends.Testing) runs the same cases against every implementation.
/// </remarks>
public interface IRepository<T, TKey>
    where T : class
{
    /// <summary>Stores <paramref name="item"/>, replacing any item with the same key (an upsert).</summary>
    ValueTask SaveAsync(T item, CancellationToken cancellationToken = default);

    /// <summary>The item whose key is <paramref name="key"/>, or <see langword="null"/> when there is none.</summary>
    ValueTask<T?> GetAsync(TKey key, CancellationToken cancellationToken = default);

    /// <summary>Deletes the item whose key is <paramref name="key"/>; returns whether one existed.</summary>
    ValueTask<bool> DeleteAsync(TKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// The items whose <paramref name="member"/> equals <paramref name="value"/>, found through a declared index on
    /// that member (or the key). The member is read from the expression (<c>x =&gt; x.Email</c>), which is never compiled,
    /// so this is safe under native AOT.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="member"/> is not a member access, or no declared index covers that member (the message names the indexes there are).</exception>
    IAsyncEnumerable<T> FindAsync<TMember>(Expression<Func<T, TMember>> member, TMember value, CancellationToken cancellationToken = default);

    /// <summary>How many items there are (a full scan on DynamoDB: meant for small tables, tests and tools).</summary>
    ValueTask<long> CountAsync(CancellationToken cancellationToken = default);
}
