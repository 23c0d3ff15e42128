namespace Backends.MongoDb;

/// <summary>
/// A collection declared under <c>"collections"</c> in <c>backends.json</c>: its name and the indexes start-up
/// ensures. Generated code creates one per declared collection and passes it to
/// <see cref="MongoDbBackend.RegisterCollection(CollectionSpec)"/>.
/// </summary>
/// <remarks>
/// Each index is a list of field names in key order; a leading <c>-</c> makes the field descending
/// (<c>["lastName", "-createdAt"]</c> is <c>{ lastName: 1, createdAt: -1 }</c>). Dotted paths (<c>"address.city"</c>)
/// are allowed. An index listed both in <see cref="Indexes"/> and <see cref="Unique"/> is created once, as unique.
/// </remarks>
public sealed class CollectionSpec
{
    /// <summary>Declares the collection <paramref name="name"/>.</summary>
    public CollectionSpec(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The collection's name in the database.</summary>
    public string Name { get; }

    /// <summary>Plain indexes, one field list each.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Indexes { get; init; } = [];

    /// <summary>Unique indexes, one field list each; a duplicate is a write error with code 11000.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Unique { get; init; } = [];

    /// <summary>A TTL index: documents are removed some time after their date field plus the given seconds.</summary>
    public TtlIndexSpec? Ttl { get; init; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
