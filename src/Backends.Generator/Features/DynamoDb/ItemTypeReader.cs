using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Backends.Generator.Features.DeclaredData;
using Backends.Generator.Model;
using Backends.Generator.Naming;
using Backends.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace Backends.Generator.Features.DynamoDb;

/// <summary>
/// Finds the item types that declared tables name and reduces each, with every class it contains, to an
/// <see cref="ItemTypeSpec"/>: stored members, attribute names and value shapes. The symbols never leave this class.
/// </summary>
internal static class ItemTypeReader
{
    private const string AttributeNamespace = "Amazon.DynamoDBv2.DataModel";

    public static ItemModel Read(EquatableArray<string> names, Compilation compilation, CancellationToken cancellationToken)
    {
        if (names.IsEmpty)
        {
            return ItemModel.Empty;
        }

        var reader = new ItemReader(compilation, cancellationToken);
        var lookups = DeclaredTypes.Lookups(
            names,
            compilation,
            reader.Add,
            "write the item class's full name with its namespace, such as \"MyApp.Order\", and check that the project declares or references it",
            cancellationToken);
        return new ItemModel(lookups, reader.Types(), EquatableArray<DiagnosticInfo>.Empty)
        {
            TableMemberNames = TableMemberNames(compilation),
        };
    }

    /// <summary>
    /// The non-private member names of <c>Backends.DynamoDb.DynamoTable`2</c> and its base classes (<c>DynamoTable`1</c>,
    /// <c>object</c>): what an index accessor on a generated table class would hide.
    /// </summary>
    private static EquatableArray<string> TableMemberNames(Compilation compilation) =>
        compilation.GetTypeByMetadataName("Backends.DynamoDb.DynamoTable`2") is { } table
            ? AdapterReader.InheritedMemberNames(table)
            : EquatableArray<string>.Empty;

    private static string DisplayName(ITypeSymbol type) => DeclaredTypes.DisplayName(type);

    private static string FullName(ITypeSymbol type) => DeclaredTypes.FullName(type);

    private sealed class ItemReader(Compilation compilation, CancellationToken cancellationToken)
        : DeclaredTypeWalker<ItemTypeSpec>("Mapper", cancellationToken)
    {
        protected override ItemTypeSpec Describe(INamedTypeSymbol type, string mapperName)
        {
            var problem = DeclaredTypes.ClassProblem(type, compilation, "item");
            var members = new List<ItemMemberSpec>();
            var unsupported = new List<ItemUnsupportedMember>();
            if (problem is null)
            {
                ReadMembers(type, members, unsupported);
                problem = DeclaredTypes.StoredTwice(members, m => m.Name, m => m.AttributeName, "DynamoDBProperty");
                if (problem is not null)
                {
                    members.Clear();
                }
            }

            return new ItemTypeSpec(FullName(type), DisplayName(type), mapperName, DeclaredTypes.IsPublic(type), problem, members.ToEquatableArray(), unsupported.ToEquatableArray());
        }

        private void ReadMembers(INamedTypeSymbol type, List<ItemMemberSpec> members, List<ItemUnsupportedMember> unsupported)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in DeclaredTypes.MembersWithBases(type))
            {
                ITypeSymbol memberType;
                bool settable;
                switch (member)
                {
                    case IPropertySymbol property when !property.IsStatic && !property.IsIndexer && property.DeclaredAccessibility == Accessibility.Public &&
                                                       property.GetMethod is { DeclaredAccessibility: Accessibility.Public } &&
                                                       property.SetMethod is { DeclaredAccessibility: Accessibility.Public } setter:
                        memberType = property.Type;
                        settable = !setter.IsInitOnly && !property.IsRequired;
                        break;
                    case IFieldSymbol field when !field.IsStatic && !field.IsConst && !field.IsReadOnly && !field.IsImplicitlyDeclared &&
                                                 field.DeclaredAccessibility == Accessibility.Public:
                        memberType = field.Type;
                        settable = !field.IsRequired;
                        break;
                    default:
                        continue;
                }

                if (HasAttribute(member, "DynamoDBIgnoreAttribute") || !seen.Add(member.Name))
                {
                    continue;
                }

                if (Shape(memberType, depth: 0) is not { } shape)
                {
                    unsupported.Add(new ItemUnsupportedMember(member.Name, DisplayName(memberType)));
                    continue;
                }

                members.Add(new ItemMemberSpec(member.Name, AttributeName(member) ?? Names.ToCamelCase(member.Name), shape, settable, IsEpochSeconds: false));
            }
        }

        private ItemShape? Shape(ITypeSymbol type, int depth)
        {
            if (depth > 8)
            {
                return null;
            }

            var nullableReference = type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.NotAnnotated;
            type = DeclaredTypes.Unwrap(type, out var isReference, out var nullableValue);
            ItemShape Simple(ItemKind kind, ItemShape? element = null, string? mapper = null) =>
                new(kind, FullName(type), nullableValue, isReference, nullableReference, element, mapper);

            if (DeclaredTypes.Scalar(type) is { } scalar)
            {
                return Simple(scalar switch
                {
                    ScalarKind.String => ItemKind.String,
                    ScalarKind.Boolean => ItemKind.Boolean,
                    ScalarKind.Int32 => ItemKind.Int32,
                    ScalarKind.Int64 => ItemKind.Int64,
                    ScalarKind.Double => ItemKind.Double,
                    ScalarKind.Decimal => ItemKind.Decimal,
                    ScalarKind.DateTime => ItemKind.DateTime,
                    ScalarKind.Enum => ItemKind.Enum,
                    ScalarKind.Guid => ItemKind.Guid,
                    _ => ItemKind.DateTimeOffset,
                });
            }

            if (type is IArrayTypeSymbol array)
            {
                return array.Rank == 1 && array.ElementType.SpecialType == SpecialType.System_Byte ? Simple(ItemKind.Bytes) : null;
            }

            if (type is not INamedTypeSymbol named)
            {
                return null;
            }

            var ns = named.ContainingNamespace?.ToDisplayString();
            if (named.IsGenericType)
            {
                var args = named.TypeArguments;
                if (ns != "System.Collections.Generic")
                {
                    return null;
                }

                if (args.Length == 1 && named.Name is "List" or "IReadOnlyList")
                {
                    return Shape(args[0], depth + 1) is { } item ? Simple(ItemKind.List, item) : null;
                }

                if (args.Length == 1 && named.Name == "HashSet")
                {
                    return args[0].SpecialType switch
                    {
                        SpecialType.System_String => Simple(ItemKind.StringSet, Shape(args[0], depth + 1)),
                        SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Double or SpecialType.System_Decimal =>
                            Simple(ItemKind.NumberSet, Shape(args[0], depth + 1)),
                        _ => null,
                    };
                }

                if (args.Length == 2 && named.Name == "Dictionary" && args[0].SpecialType == SpecialType.System_String)
                {
                    return Shape(args[1], depth + 1) is { } value ? Simple(ItemKind.Map, value) : null;
                }

                return null;
            }

            if (named.TypeKind == TypeKind.Class && named.SpecialType == SpecialType.None && ns is not null &&
                !ns.StartsWith("System", StringComparison.Ordinal) && !ns.StartsWith("Amazon", StringComparison.Ordinal) && CanAddMore)
            {
                return Simple(ItemKind.Object, mapper: GeneratedNameOf(named));
            }

            return null;
        }

        private static bool HasAttribute(ISymbol symbol, string name) => FindAttribute(symbol, name) is not null;

        private static AttributeData? FindAttribute(ISymbol symbol, string name) => DeclaredTypes.FindAttribute(symbol, AttributeNamespace, name);

        private static string? AttributeName(ISymbol member) =>
            (FindAttribute(member, "DynamoDBPropertyAttribute") ?? FindAttribute(member, "DynamoDBHashKeyAttribute") ?? FindAttribute(member, "DynamoDBRangeKeyAttribute"))
                is { } attribute && attribute.ConstructorArguments.FirstOrDefault(a => a.Value is string).Value is string { Length: > 0 } name ? name : null;
    }
}
