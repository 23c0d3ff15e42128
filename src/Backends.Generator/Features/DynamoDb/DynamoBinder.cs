using System;
using System.Collections.Generic;
using System.Linq;
using Backends.Generator.Diagnostics;
using Backends.Generator.Features.DeclaredData;
using Backends.Generator.Model;
using Backends.Generator.Naming;

namespace Backends.Generator.Features.DynamoDb;

/// <summary>
/// Joins the declared tables with the validated connections and the item types: names each table's accessor, checks
/// names, key members and the TTL member, describes the handle class generated for each connection that declares tables,
/// and picks the mappers to generate. Reads the core model; never changes it.
/// </summary>
internal static class DynamoBinder
{
    public static DynamoGeneration Bind(GenerationSpec spec, Declarations<TableDeclaration> declarations, ItemModel items)
    {
        if (declarations.IsEmpty)
        {
            return DynamoGeneration.Empty;
        }

        var diagnostics = new List<DiagnosticInfo>(declarations.Diagnostics);
        diagnostics.AddRange(items.Diagnostics);
        if (!spec.ShouldEmit)
        {
            return DynamoGeneration.Empty with { Diagnostics = diagnostics.ToEquatableArray() };
        }

        var types = items.TypesByName(t => t.FullName);
        var lookups = items.LookupsByName();
        var epoch = new HashSet<(string Type, string Member)>();
        var used = new List<string>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var tableMembers = new HashSet<string>(items.TableMemberNames, StringComparer.Ordinal);
        var handles = new List<DeclaredHandleSpec<DynamoTableSpec>>();
        var repositories = new List<RepositorySource>();
        foreach (var connection in DeclaredDataBinder.Connections(spec, DynamoTablesReader.Kind, declarations))
        {
            // A table's accessor must not hide what the class inherits, nor take the class's own name.
            var reserved = connection.ReservedNames();
            var tables = new List<DynamoTableSpec>();
            foreach (var table in declarations.Of(connection.Connection.Name))
            {
                if (BindTable(table, tables, reserved, tableMembers, connection.ClassName, lookups, types, diagnostics, reported, epoch) is { } bound)
                {
                    tables.Add(bound);
                    used.Add(bound.ItemType);
                    repositories.Add(DynamoRepositorySources.For(connection.HandleAccess, connection.Connection.FullName, table, bound));
                }
                else
                {
                    repositories.Add(DeclaredRepositorySources.Unbound(connection.Connection.FullName, table));
                }
            }

            handles.Add(connection.Handle(tables.ToEquatableArray()));
        }

        var mappers = Reachable(used, types)
            .Select(t => t with { Members = t.Members.Select(m => epoch.Contains((t.FullName, m.Name)) ? m with { IsEpochSeconds = true } : m).ToEquatableArray() })
            .ToEquatableArray();
        return new DynamoGeneration(spec.Namespace, spec.ClassName, handles.ToEquatableArray(), mappers, diagnostics.ToEquatableArray())
        {
            RepositorySources = repositories.ToEquatableArray(),
        };
    }

    private static readonly HashSet<string> s_noReservedNames = new(StringComparer.Ordinal);

    private static DynamoTableSpec? BindTable(
        TableDeclaration table,
        List<DynamoTableSpec> earlier,
        HashSet<string> reserved,
        HashSet<string> tableMembers,
        string className,
        Dictionary<string, TypeLookup> lookups,
        Dictionary<string, ItemTypeSpec> types,
        List<DiagnosticInfo> diagnostics,
        HashSet<string> reported,
        HashSet<(string Type, string Member)> epoch)
    {
        var identifier = Names.ToPascalCase(table.Name);
        if (InvalidNameReason(table.Name, identifier, reserved, className) is { } reason)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTableName, table.NameLocation, "table", MessageText.Shorten(table.Name), reason));
            return null;
        }

        if (earlier.FirstOrDefault(t => string.Equals(t.Identifier, identifier, StringComparison.OrdinalIgnoreCase)) is { } clash)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.InvalidTableName, table.NameLocation, "table", MessageText.Shorten(table.Name), DeclaredDataBinder.Collision(identifier, clash.Name)));
            return null;
        }

        if (!lookups.TryGetValue(table.TypeName, out var lookup) || lookup.FullName is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.ItemTypeNotFound, table.TypeLocation, MessageText.Shorten(table.TypeName), MessageText.Shorten(table.Name),
                lookup?.Suggestion ?? "write the item class's full name with its namespace"));
            return null;
        }

        var type = types[lookup.FullName];
        var ok = true;
        foreach (var reachable in Reachable([type.FullName], types))
        {
            if (reachable.Problem is not null)
            {
                ok = false;
                if (reported.Add(reachable.FullName))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedItemType, table.TypeLocation, reachable.DisplayName, reachable.Problem));
                }
            }

            foreach (var member in reachable.Unsupported)
            {
                ok = false;
                if (reported.Add(reachable.FullName + "." + member.Name))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedItemMember, table.TypeLocation, reachable.DisplayName, member.Name, member.TypeName));
                }
            }
        }

        if (!ok)
        {
            return null;
        }

        var hash = Key(table, type, table.HashKey, "hash key", diagnostics);
        var range = table.RangeKey is { } r ? Key(table, type, r, "range key", diagnostics) : null;
        var indexes = new List<DynamoIndexSpec>();
        foreach (var index in table.Indexes)
        {
            var indexIdentifier = Names.ToPascalCase(index.Name);
            if ((InvalidNameReason(index.Name, indexIdentifier, s_noReservedNames, className) ??
                (tableMembers.Contains(indexIdentifier) ? $"its accessor {indexIdentifier} would hide the table's member of that name; choose another name" : null)) is { } indexReason)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTableName, index.NameLocation, "index", MessageText.Shorten(index.Name), indexReason));
                ok = false;
                continue;
            }

            if (indexes.Any(i => string.Equals(i.Identifier, indexIdentifier, StringComparison.OrdinalIgnoreCase)) ||
                indexIdentifier is "Index" || string.Equals(indexIdentifier, identifier, StringComparison.Ordinal) ||
                string.Equals(indexIdentifier, identifier + "Table", StringComparison.Ordinal))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InvalidTableName, index.NameLocation, "index", MessageText.Shorten(index.Name),
                    $"its accessor {indexIdentifier} collides with another member of the table; rename it"));
                ok = false;
                continue;
            }

            var indexHash = Key(table, type, index.HashKey, "index hash key", diagnostics);
            var indexRange = index.RangeKey is { } ir ? Key(table, type, ir, "index range key", diagnostics) : null;
            if (indexHash is null || (index.RangeKey is not null && indexRange is null))
            {
                ok = false;
                continue;
            }

            indexes.Add(new DynamoIndexSpec(index.Name, indexIdentifier, indexHash, indexRange, index.ReadCapacity, index.WriteCapacity));
        }

        if (table.Ttl is { } ttl)
        {
            var member = Member(table, type, ttl, "ttl", diagnostics);
            if (member is null)
            {
                ok = false;
            }
            else if (member.Value.Kind is not (ItemKind.DateTime or ItemKind.DateTimeOffset or ItemKind.Int32 or ItemKind.Int64))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InvalidKeyType, ttl.Location, "ttl", ttl.Name, MessageText.Shorten(table.Name), member.Name, Display(member.Value),
                    "cannot hold an expiry: use DateTimeOffset, DateTime (stored as epoch seconds) or long epoch seconds"));
                ok = false;
            }
            else if (member.Value.Kind is ItemKind.DateTime or ItemKind.DateTimeOffset)
            {
                epoch.Add((type.FullName, member.Name));
            }
        }

        if (!ok || hash is null || (table.RangeKey is not null && range is null))
        {
            return null;
        }

        return new DynamoTableSpec(
            table.Name, identifier, type.FullName, type.DisplayName, type.MapperName, type.IsPublic, hash, range, table.ReadCapacity, table.WriteCapacity,
            indexes.ToEquatableArray(), table.Ttl?.Name);
    }

    private static DynamoKeySpec? Key(TableDeclaration table, ItemTypeSpec type, NameRef key, string what, List<DiagnosticInfo> diagnostics)
    {
        if (Member(table, type, key, what, diagnostics) is not { } member)
        {
            return null;
        }

        if (member.Value.KeyType is not { } keyType)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.InvalidKeyType, key.Location, what, key.Name, MessageText.Shorten(table.Name), member.Name, Display(member.Value),
                "cannot be a key: keys are strings (string, Guid, DateTime, DateTimeOffset, an enum), numbers (int, long, double, decimal) or byte[], not nullable value types"));
            return null;
        }

        return new DynamoKeySpec(member.AttributeName, keyType, member.Name, member.Value.TypeName, member.Value);
    }

    private static ItemMemberSpec? Member(TableDeclaration table, ItemTypeSpec type, NameRef key, string what, List<DiagnosticInfo> diagnostics)
    {
        if (type.Members.FirstOrDefault(m => m.AttributeName == key.Name) is { } member)
        {
            return member;
        }

        var advice = DeclaredDataBinder.UnknownMemberAdvice(key.Name, type.Members.Select(m => m.AttributeName).ToList(), type.DisplayName, "attributes");
        diagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.UnknownKeyAttribute, key.Location, what, MessageText.Shorten(key.Name), MessageText.Shorten(table.Name), type.DisplayName, advice));
        return null;
    }

    private static string Display(ItemShape shape)
    {
        var name = shape.TypeName.StartsWith("global::", StringComparison.Ordinal) ? shape.TypeName.Substring(8) : shape.TypeName;
        return shape.IsNullableValue ? name + "?" : name;
    }

    /// <summary>Why <paramref name="name"/> cannot be a table or index name (DynamoDB: 3–255 characters of [A-Za-z0-9_.-]), or null.</summary>
    private static string? InvalidNameReason(string name, string identifier, HashSet<string> reserved, string className)
    {
        if (name.Length is < 3 or > 255)
        {
            return $"DynamoDB names are 3 to 255 characters long; this one has {name.Length}";
        }

        if (name.FirstOrDefault(c => !(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' or '-')) is var bad && bad != '\0')
        {
            return $"DynamoDB names contain only letters, digits, '_', '.' and '-', not {MessageText.Describe(bad)}";
        }

        return DeclaredDataBinder.AccessorProblem(identifier, className, reserved, "start the name with a letter");
    }

    /// <summary>The types reachable from <paramref name="roots"/> through stored members, in mapper name order.</summary>
    private static EquatableArray<ItemTypeSpec> Reachable(IEnumerable<string> roots, Dictionary<string, ItemTypeSpec> types) =>
        DeclaredDataBinder.Reachable(roots, types, NestedItems, t => t.MapperName);

    private static IEnumerable<string> NestedItems(ItemTypeSpec type)
    {
        foreach (var member in type.Members)
        {
            for (var shape = member.Value; shape is not null; shape = shape.Element)
            {
                if (shape.Kind == ItemKind.Object)
                {
                    yield return shape.TypeName;
                }
            }
        }
    }
}
