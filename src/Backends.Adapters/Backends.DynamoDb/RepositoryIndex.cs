using Amazon.DynamoDBv2.Model;

namespace Backends.DynamoDb;

/// <summary>
/// Which member of the document a <see cref="DynamoTable{T, TKey}"/>'s <c>FindAsync</c> can search by, and through
/// what: a declared index (<paramref name="Index"/>), or the table's own hash key (<see langword="null"/>). Used by
/// generated code: one per index whose hash key is a member, plus one for the key member.
/// </summary>
/// <param name="Member">The C# member name (<c>Email</c>), as <c>x =&gt; x.Email</c> names it.</param>
/// <param name="Index">The index name (<c>byEmail</c>), or <see langword="null"/> for the table's hash key.</param>
public sealed record RepositoryIndex(string Member, string? Index)
{
    /// <summary>
    /// Converts a value of the member to its key attribute, as the item mapper writes the member; <see langword="null"/>
    /// uses <see cref="DynamoValue.FromKey"/> (the mappers' conventions for strings, numbers, Guid, dates, enums, binary).
    /// </summary>
    public Func<object?, AttributeValue>? Convert { get; init; }
}
