namespace Backends.Generator.Model;

/// <summary>
/// One piece of declared data that a <c>"repositories"</c> entry can name, contributed by the feature module that owns
/// it (MongoDB: every declared collection; DynamoDB: every declared table). The repositories module joins the section
/// with the sources of all modules; it knows no module by name, only this record.
/// </summary>
/// <param name="Path">The name a repositories entry writes, <c>"mongodb.events.users"</c> (kind.connection.name).</param>
/// <param name="ItemType">The global::-qualified item type, <c>global::MyApp.User</c>.</param>
/// <param name="KeyType">The key member's C# type (<c>string</c>, <c>global::System.Guid</c>), or empty when there is none.</param>
/// <param name="AccessorExpression">
/// A C# expression of type <c>global::Backends.Runtime.IRepository&lt;ItemType, KeyType&gt;</c> that creates the repository
/// (evaluated once, on first use of the accessor), or empty when <see cref="NotARepositoryReason"/> is set.
/// </param>
/// <param name="IndexedMembers">The C# members <c>FindAsync</c> can search by (the key and each declared index's first member), for the docs of the accessor.</param>
/// <param name="NotARepositoryReason">Why this cannot be a repository (no key member, a range key), or null when it can.</param>
/// <param name="Location">Where the data is declared (the collection's or table's key), or null.</param>
/// <param name="IsPublic">Whether the item type is public (the accessor can be public).</param>
internal sealed record RepositorySource(
    string Path,
    string ItemType,
    string KeyType,
    string AccessorExpression,
    EquatableArray<string> IndexedMembers,
    string? NotARepositoryReason,
    LocationInfo? Location,
    bool IsPublic = true);
