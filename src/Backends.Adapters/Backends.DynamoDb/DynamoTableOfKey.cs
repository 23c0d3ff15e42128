using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2.Model;
using Backends.Runtime;

namespace Backends.DynamoDb;

/// <summary>
/// A hash-only <see cref="DynamoTable{T}"/> that is also an <see cref="IRepository{T, TKey}"/>, its key typed as
/// <typeparamref name="TKey"/> (the hash key member's type). Used by generated code: the typed table of a hash-only table
/// derives from this, passing how a key becomes its attribute and which members <see cref="FindAsync"/> can search by.
/// </summary>
/// <typeparam name="T">The document type.</typeparam>
/// <typeparam name="TKey">The hash key member's type.</typeparam>
public class DynamoTable<T, TKey> : DynamoTable<T>, IRepository<T, TKey>
    where T : class
{
    private readonly Func<TKey, AttributeValue> _key;
    private readonly IReadOnlyList<RepositoryIndex> _finders;

    /// <summary>Creates the table handle (registering <paramref name="definition"/>).</summary>
    /// <param name="backend">The connection.</param>
    /// <param name="definition">The table; it must have no range key.</param>
    /// <param name="mapper">The item mapper.</param>
    /// <param name="key">Converts a key to the hash key attribute, as the mapper writes that member (<c>k =&gt; DynamoValue.From(k)!</c>).</param>
    /// <param name="finders">The members <see cref="FindAsync"/> can search by; each index named must be declared.</param>
    /// <exception cref="ArgumentException">The table has a range key, or a finder names an index that is not declared.</exception>
    public DynamoTable(
        DynamoDbBackend backend, TableDefinition definition, IDynamoItemMapper<T> mapper, Func<TKey, AttributeValue> key, IReadOnlyList<RepositoryIndex> finders)
        : base(backend, definition, mapper)
    {
        if (definition.RangeKey is { } range)
        {
            throw new ArgumentException(
                $"The table \"{definition.Name}\" has a range key ({range.Name}), so its items have two-part keys: it cannot be an IRepository; use DynamoTable<T>.",
                nameof(definition));
        }

        _key = key ?? throw new ArgumentNullException(nameof(key));
        _finders = finders ?? throw new ArgumentNullException(nameof(finders));
        foreach (var finder in finders.Where(f => f.Index is not null))
        {
            _ = definition.Index(finder.Index!); // throws naming the declared indexes
        }
    }

    /// <summary>The members <see cref="FindAsync"/> can search by.</summary>
    public IReadOnlyList<RepositoryIndex> Finders => _finders;

    /// <inheritdoc />
    public ValueTask SaveAsync(T item, CancellationToken cancellationToken = default) => PutAsync(item, cancellationToken);

    /// <inheritdoc />
    public ValueTask<T?> GetAsync(TKey key, CancellationToken cancellationToken = default) =>
        GetAsync(new DynamoKey(_key(key)), cancellationToken);

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(TKey key, CancellationToken cancellationToken = default) =>
        DeleteAsync(new DynamoKey(_key(key)), cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">No declared index (nor the key) covers the member; the message names those that do.</exception>
    public IAsyncEnumerable<T> FindAsync<TMember>(Expression<Func<T, TMember>> member, TMember value, CancellationToken cancellationToken = default)
    {
        var name = RepositoryMember.NameOf(member);
        var finder = _finders.FirstOrDefault(f => f.Member == name) ?? throw new ArgumentException(
            $"\"{Definition.Name}\" has no index on {name}, so FindAsync cannot search by it; the members it can search by: "
            + (_finders.Count == 0 ? "none" : string.Join(", ", _finders.Select(f => $"{f.Member} ({f.Index ?? "the key"})")))
            + ". Declare an index on it in backends.json.",
            nameof(member));
        var attribute = finder.Convert is { } convert ? convert(value) : DynamoValue.FromKey(value);
        return finder.Index is { } index
            ? Index(index).QueryAsync(attribute, cancellationToken: cancellationToken)
            : FindByKeyAsync(attribute, cancellationToken);
    }

    private async IAsyncEnumerable<T> FindByKeyAsync(AttributeValue hash, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (await GetAsync(new DynamoKey(hash), cancellationToken).ConfigureAwait(false) is { } item)
        {
            yield return item;
        }
    }
}
