using System;
using System.Collections.Generic;
using System.Linq;
using Backends.Generator.Emit;
using Backends.Generator.Features.DeclaredData;
using Backends.Generator.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace Backends.Generator.Features.MongoDb;

/// <summary>
/// What the MongoDB module contributes to <c>"repositories"</c>: one <see cref="RepositorySource"/> per declared
/// collection (<c>mongodb.events.users</c>), whose accessor creates a <c>global::Backends.MongoDb.MongoRepository&lt;T, TKey&gt;</c>
/// over the connection's generated handle, keyed by the document's id.
/// </summary>
internal static class MongoRepositorySources
{
    private const string IdField = "_id";

    /// <summary>A collection that was bound: a repository when its document type has an id.</summary>
    /// <param name="handleAccess">The connection's static accessor, <c>global::MyApp.Db.MongoDb.Events</c>.</param>
    /// <param name="connection">The connection's full name, <c>mongodb.events</c>.</param>
    /// <param name="declaration">The collection as declared.</param>
    /// <param name="type">Its document type.</param>
    public static RepositorySource For(string handleAccess, string connection, CollectionDeclaration declaration, DocumentTypeSpec type)
    {
        var path = connection + "." + declaration.Name;
        var id = type.Members.FirstOrDefault(m => m.IsId);
        if (id is null || type.Problem is not null)
        {
            var reason = type.Problem is not null
                ? $"its document type {type.DisplayName} cannot be stored ({type.Problem})"
                : $"its document type {type.DisplayName} has no id member: give it a property named Id, or mark the key member [BsonId]";
            return DeclaredRepositorySources.NotARepository(path, type.FullName, declaration, reason);
        }

        // FindAsync can search by the id and by the first field of each declared index: an index serves an equality
        // match on its leading field. A dotted field (a nested member) is not a member x => x.Member can name.
        var finders = new List<(string Member, string Field)> { (id.Name, IdField) };
        foreach (var index in declaration.Indexes.Concat(declaration.Unique))
        {
            var field = index.Fields.IsEmpty ? null : index.Fields[0].Path;
            if (field is null || field == IdField || field.IndexOf('.') >= 0 || finders.Any(f => f.Field == field))
            {
                continue;
            }

            if (type.Members.FirstOrDefault(m => m.ElementName == field) is { } member)
            {
                finders.Add((member.Name, field));
            }
        }

        var keyType = id.Value.DeclaredType;
        var indexes = string.Join(", ", finders.Select(f => $"new({CSharp.Literal(f.Member)}, {CSharp.Literal(f.Field)})"));
        var accessor =
            $"new global::Backends.MongoDb.MongoRepository<{type.FullName}, {keyType}>({handleAccess}, {CSharp.Literal(declaration.Name)}, " +
            $"static x => x.{Escape(id.Name)}, new global::Backends.MongoDb.MongoRepositoryIndex[] {{ {indexes} }})";
        return new RepositorySource(
            path, type.FullName, keyType, accessor, finders.Select(f => f.Member).ToEquatableArray(), null, declaration.NameLocation, type.IsPublic);
    }

    private static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;
}
