namespace Backends.MongoDb;

/// <summary>
/// A member of the document that a <see cref="MongoRepository{T, TKey}"/>'s <c>FindAsync</c> can search by: the C# member
/// and the stored field a declared index (or the id, <c>_id</c>) starts with. Generated code passes one per such member.
/// </summary>
/// <param name="Member">The C# member name (<c>Email</c>), as <c>x =&gt; x.Email</c> names it.</param>
/// <param name="Field">The stored field (<c>email</c>, or <c>_id</c> for the id) that a declared index starts with.</param>
public sealed record MongoRepositoryIndex(string Member, string Field);
