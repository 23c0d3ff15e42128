using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Backends.Generator.Features.DeclaredData;
using Backends.Generator.Model;
using Backends.Generator.Naming;
using Microsoft.CodeAnalysis;

namespace Backends.Generator.Features.MongoDb;

/// <summary>
/// Finds the document types that declared collections name and reduces each, with every class it contains, to a
/// <see cref="DocumentTypeSpec"/>: stored members, element names and value shapes. The symbols never leave this class.
/// </summary>
internal static class DocumentTypeReader
{
    private const string AttributeNamespace = "MongoDB.Bson.Serialization.Attributes";

    public static DocumentModel Read(EquatableArray<string> names, Compilation compilation, CancellationToken cancellationToken)
    {
        if (names.IsEmpty)
        {
            return DocumentModel.Empty;
        }

        var reader = new Reader(compilation, cancellationToken);
        var lookups = DeclaredTypes.Lookups(
            names,
            compilation,
            reader.Add,
            "write the document class's full name with its namespace, such as \"MyApp.User\", and check that the project declares or references it",
            cancellationToken);
        return new DocumentModel(lookups, reader.Types(), EquatableArray<DiagnosticInfo>.Empty);
    }

    private static string DisplayName(ITypeSymbol type) => DeclaredTypes.DisplayName(type);

    private static string FullName(ITypeSymbol type) => DeclaredTypes.FullName(type);

    private sealed class Reader(Compilation compilation, CancellationToken cancellationToken)
        : DeclaredTypeWalker<DocumentTypeSpec>("Serializer", cancellationToken)
    {
        protected override DocumentTypeSpec Describe(INamedTypeSymbol type, string serializerName)
        {
            var problem = ProblemOf(type);
            var members = new List<DocumentMemberSpec>();
            var unsupported = new List<UnsupportedMemberSpec>();
            var initOnly = new List<string>();
            if (problem is null)
            {
                ReadMembers(type, members, unsupported, initOnly);
                problem = DeclaredTypes.StoredTwice(members, m => m.Name, m => m.ElementName, "BsonElement");
                if (problem is not null)
                {
                    members.Clear();
                }
            }

            var ordered = members.Where(m => m.IsId).Concat(members.Where(m => !m.IsId)).ToEquatableArray();
            return new DocumentTypeSpec(
                FullName(type),
                DisplayName(type),
                serializerName,
                DeclaredTypes.IsPublic(type),
                problem,
                ordered,
                unsupported.ToEquatableArray(),
                initOnly.ToEquatableArray());
        }

        private string? ProblemOf(INamedTypeSymbol type) =>
            DeclaredTypes.ClassProblem(type, compilation, "document") ??
            (DeclaredTypes.MembersWithBases(type).Any(m => m is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true })
                ? "it has required members, which a serializer that sets members one by one cannot satisfy; remove 'required'"
                : null);

        private void ReadMembers(INamedTypeSymbol type, List<DocumentMemberSpec> members, List<UnsupportedMemberSpec> unsupported, List<string> initOnly)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var hasExplicitId = DeclaredTypes.MembersWithBases(type).Any(m => HasAttribute(m, "BsonIdAttribute"));
            foreach (var member in DeclaredTypes.MembersWithBases(type))
            {
                ITypeSymbol memberType;
                switch (member)
                {
                    case IPropertySymbol property when !property.IsStatic && !property.IsIndexer && property.DeclaredAccessibility == Accessibility.Public &&
                                                       property.GetMethod is { DeclaredAccessibility: Accessibility.Public } &&
                                                       property.SetMethod is { DeclaredAccessibility: Accessibility.Public, IsInitOnly: false }:
                        memberType = property.Type;
                        break;
                    case IFieldSymbol field when !field.IsStatic && !field.IsConst && !field.IsReadOnly && !field.IsImplicitlyDeclared &&
                                                 field.DeclaredAccessibility == Accessibility.Public:
                        memberType = field.Type;
                        break;
                    case IPropertySymbol property when !property.IsStatic && !property.IsIndexer && property.DeclaredAccessibility == Accessibility.Public &&
                                                       property.SetMethod is { DeclaredAccessibility: Accessibility.Public, IsInitOnly: true } &&
                                                       !HasAttribute(property, "BsonIgnoreAttribute"):
                        // Data the type means to hold, which a serializer setting members one by one cannot set: reported.
                        initOnly.Add(property.Name);
                        continue;
                    default:
                        continue;
                }

                if (HasAttribute(member, "BsonIgnoreAttribute") || !seen.Add(member.Name))
                {
                    continue;
                }

                var isId = hasExplicitId ? HasAttribute(member, "BsonIdAttribute") : member.Name == "Id";
                var element = isId ? "_id" : ElementName(member) ?? Names.ToCamelCase(member.Name);
                var shape = Shape(memberType, Representation(member), depth: 0);
                if (shape is null)
                {
                    unsupported.Add(new UnsupportedMemberSpec(member.Name, DisplayName(memberType)));
                    continue;
                }

                members.Add(new DocumentMemberSpec(member.Name, element, shape, isId, HasAttribute(member, "BsonIgnoreIfNullAttribute")));
            }
        }

        private ValueShape? Shape(ITypeSymbol type, string? representation, int depth)
        {
            if (depth > 8)
            {
                return null;
            }

            type = DeclaredTypes.Unwrap(type, out var isReference, out var nullableValue);
            ValueShape Simple(ShapeKind kind) => new(kind, FullName(type), nullableValue, isReference, representation, null, null);

            if (DeclaredTypes.Scalar(type) is { } scalar)
            {
                return Simple(scalar switch
                {
                    ScalarKind.String => ShapeKind.String,
                    ScalarKind.Boolean => ShapeKind.Boolean,
                    ScalarKind.Int32 => ShapeKind.Int32,
                    ScalarKind.Int64 => ShapeKind.Int64,
                    ScalarKind.Double => ShapeKind.Double,
                    ScalarKind.Decimal => ShapeKind.Decimal,
                    ScalarKind.DateTime => ShapeKind.DateTime,
                    ScalarKind.Enum => ShapeKind.Enum,
                    ScalarKind.Guid => ShapeKind.Guid,
                    _ => ShapeKind.DateTimeOffset,
                });
            }

            if (type is IArrayTypeSymbol array)
            {
                if (array.Rank != 1)
                {
                    return null;
                }

                if (array.ElementType.SpecialType == SpecialType.System_Byte)
                {
                    return new ValueShape(ShapeKind.Bytes, "byte[]", false, true, representation, null, null);
                }

                return Shape(array.ElementType, null, depth + 1) is { } item
                    ? new ValueShape(ShapeKind.Array, item.DeclaredType + "[]", false, true, null, item, null)
                    : null;
            }

            if (type is not INamedTypeSymbol named)
            {
                return null;
            }

            var ns = named.ContainingNamespace?.ToDisplayString();
            if (ns == "MongoDB.Bson" && named.Name == "ObjectId")
            {
                return Simple(ShapeKind.ObjectId);
            }

            if (named.IsGenericType)
            {
                var args = named.TypeArguments;
                if (ns == "System.Collections.Generic" && args.Length == 1)
                {
                    var kind = named.Name switch
                    {
                        "List" => ShapeKind.List,
                        "IReadOnlyList" => ShapeKind.ReadOnlyList,
                        _ => (ShapeKind?)null,
                    };
                    if (kind is { } listKind && Shape(args[0], null, depth + 1) is { } item)
                    {
                        var typeName = (listKind == ShapeKind.List ? "global::System.Collections.Generic.List<" : "global::System.Collections.Generic.IReadOnlyList<") + item.DeclaredType + ">";
                        return new ValueShape(listKind, typeName, false, true, null, item, null);
                    }

                    return null;
                }

                if (ns == "System.Collections.Generic" && named.Name == "Dictionary" && args.Length == 2 && args[0].SpecialType == SpecialType.System_String &&
                    Shape(args[1], null, depth + 1) is { } value)
                {
                    return new ValueShape(ShapeKind.Dictionary, "global::System.Collections.Generic.Dictionary<string, " + value.DeclaredType + ">", false, true, null, value, null);
                }

                return null;
            }

            if (named.TypeKind == TypeKind.Class && named.SpecialType == SpecialType.None && ns is not null &&
                !ns.StartsWith("System", StringComparison.Ordinal) && !ns.StartsWith("MongoDB", StringComparison.Ordinal) &&
                named.ContainingAssembly is not null && CanAddMore)
            {
                var serializer = GeneratedNameOf(named);
                return new ValueShape(ShapeKind.Document, FullName(named), false, true, null, null, serializer);
            }

            return null;
        }

        private static bool HasAttribute(ISymbol symbol, string name) => FindAttribute(symbol, name) is not null;

        private static AttributeData? FindAttribute(ISymbol symbol, string name) => DeclaredTypes.FindAttribute(symbol, AttributeNamespace, name);

        private static string? ElementName(ISymbol member) =>
            FindAttribute(member, "BsonElementAttribute") is { ConstructorArguments.Length: > 0 } attribute &&
            attribute.ConstructorArguments[0].Value is string { Length: > 0 } name ? name : null;

        private static string? Representation(ISymbol member)
        {
            if (FindAttribute(member, "BsonRepresentationAttribute") is not { ConstructorArguments.Length: > 0 } attribute)
            {
                return null;
            }

            var argument = attribute.ConstructorArguments[0];

            if (argument.Type is INamedTypeSymbol enumType && argument.Value is int value)
            {
                var field = enumType.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value));
                return field?.Name;
            }

            return null;
        }
    }
}
