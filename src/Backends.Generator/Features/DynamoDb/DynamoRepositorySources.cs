using System.Linq;
using Backends.Generator.Features.DeclaredData;
using Backends.Generator.Model;

namespace Backends.Generator.Features.DynamoDb;

/// <summary>
/// What the DynamoDB module contributes to <c>"repositories"</c>: one <see cref="RepositorySource"/> per declared table
/// (<c>dynamodb.main.users</c>). A hash-only table's generated class is a <c>DynamoTable&lt;T, TKey&gt;</c>, which is an
/// <c>IRepository&lt;T, TKey&gt;</c> keyed by the hash key, so the accessor is the table on the connection's handle.
/// </summary>
internal static class DynamoRepositorySources
{
    /// <summary>A table that was bound: a repository when it has no range key.</summary>
    /// <param name="handleAccess">The connection's static accessor, <c>global::MyApp.Db.DynamoDb.Main</c>.</param>
    /// <param name="connection">The connection's full name, <c>dynamodb.main</c>.</param>
    /// <param name="declaration">The table as declared.</param>
    /// <param name="table">The table as generated.</param>
    public static RepositorySource For(string handleAccess, string connection, TableDeclaration declaration, DynamoTableSpec table)
    {
        var path = connection + "." + declaration.Name;
        if (table.RangeKey is { } range)
        {
            return DeclaredRepositorySources.NotARepository(
                path,
                table.ItemType,
                declaration,
                $"the table has a range key ({range.Attribute}), so its items have two-part keys: use the typed table {handleAccess.Replace("global::", "")}.{table.Identifier}, or declare a hash-only table");
        }

        // FindAsync can search by the hash key and by each index's hash key: a query needs the partition key's value.
        var finders = new[] { table.HashKey.Member }
            .Concat(table.Indexes.Select(i => i.HashKey.Member))
            .Distinct()
            .ToEquatableArray();
        return new RepositorySource(
            path, table.ItemType, table.HashKey.ParameterType, handleAccess + "." + table.Identifier, finders, null, declaration.NameLocation, table.IsPublic);
    }
}
