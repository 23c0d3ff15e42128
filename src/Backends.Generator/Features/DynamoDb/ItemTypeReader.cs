using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
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
    private const int MaxTypes = 200;

    public static ItemModel Read(EquatableArray<string> names, Compilation compilation, CancellationToken cancellationToken)
    {
        if (names.IsEmpty)
        {
            return ItemModel.Empty;
        }

        var reader = new ItemReader(compilation, cancellationToken);
        var lookups = new List<ItemLookup>();
        foreach (var name in names)
        {
            lookups.Add(Find(compilation, name) is { } type
                ? new ItemLookup(name, reader.Add(type), null)
                : new ItemLookup(name, null, Suggest(compilation, name, cancellationToken)));
        }

        return new ItemModel(lookups.ToEquatableArray(), reader.Types(), EquatableArray<DiagnosticInfo>.Empty)
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

    /// <summary>Resolves <c>MyApp.Order</c>, <c>global::MyApp.Order</c>, and nested types written with dots or <c>+</c>.</summary>
    private static INamedTypeSymbol? Find(Compilation compilation, string name)
    {
        var parts = (name.StartsWith("global::", StringComparison.Ordinal) ? name.Substring(8) : name).Replace('+', '.').Split('.');
        for (var typeStart = parts.Length - 1; typeStart >= 0; typeStart--)
        {
            var metadataName = string.Join(".", parts.Take(typeStart + 1)) + string.Concat(parts.Skip(typeStart + 1).Select(p => "+" + p));
            if (compilation.GetTypeByMetadataName(metadataName) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Suggest(Compilation compilation, string name, CancellationToken cancellationToken)
    {
        var all = new List<INamedTypeSymbol>();
        Collect(compilation.Assembly.GlobalNamespace, all, cancellationToken);
        var simple = name.Split('.', '+').Last();
        var nearest = all.Where(t => string.Equals(t.Name, simple, StringComparison.OrdinalIgnoreCase)).Select(DisplayName)
            .OrderBy(n => n, StringComparer.Ordinal).FirstOrDefault() ?? Names.Nearest(name, all.Select(DisplayName));
        return nearest is not null
            ? $"did you mean '{nearest}'?"
            : "write the item class's full name with its namespace, such as \"MyApp.Order\", and check that the project declares or references it";
    }

    private static void Collect(INamespaceOrTypeSymbol container, List<INamedTypeSymbol> types, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var member in container.GetMembers())
        {
            if (types.Count > 10_000)
            {
                return;
            }

            if (member is INamespaceSymbol ns)
            {
                Collect(ns, types, cancellationToken);
            }
            else if (member is INamedTypeSymbol type && !type.IsImplicitlyDeclared)
            {
                types.Add(type);
                Collect(type, types, cancellationToken);
            }
        }
    }

    private static string DisplayName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

    private static string FullName(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    private sealed class ItemReader(Compilation compilation, CancellationToken cancellationToken)
    {
        private readonly Dictionary<string, ItemTypeSpec> _types = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];
        private readonly HashSet<string> _mapperNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _mapperOf = new(StringComparer.Ordinal);
        private readonly Queue<INamedTypeSymbol> _pending = new();

        public string Add(INamedTypeSymbol type)
        {
            MapperNameOf(type);
            while (_pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var next = _pending.Dequeue();
                var fullName = FullName(next);
                _types[fullName] = Describe(next, _mapperOf[fullName]);
            }

            return FullName(type);
        }

        public EquatableArray<ItemTypeSpec> Types() => _order.Select(n => _types[n]).ToEquatableArray();

        private string MapperNameOf(INamedTypeSymbol type)
        {
            var fullName = FullName(type);
            if (_mapperOf.TryGetValue(fullName, out var existing))
            {
                return existing;
            }

            var candidate = Names.ToFieldPart(type.Name) + "Mapper";
            var name = candidate;
            for (var i = 2; !_mapperNames.Add(name); i++)
            {
                name = candidate + i.ToString(CultureInfo.InvariantCulture);
            }

            _mapperOf[fullName] = name;
            _order.Add(fullName);
            _pending.Enqueue(type);
            return name;
        }

        private ItemTypeSpec Describe(INamedTypeSymbol type, string mapperName)
        {
            var problem = ProblemOf(type);
            var members = new List<ItemMemberSpec>();
            var unsupported = new List<ItemUnsupportedMember>();
            if (problem is null)
            {
                ReadMembers(type, members, unsupported);
                var twice = members.GroupBy(m => m.AttributeName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
                if (twice is not null)
                {
                    problem = $"the members {string.Join(" and ", twice.Select(m => m.Name))} are both stored as '{twice.Key}'; give one of them another [DynamoDBProperty(\"name\")]";
                    members.Clear();
                }
            }

            return new ItemTypeSpec(FullName(type), DisplayName(type), mapperName, IsPublic(type), problem, members.ToEquatableArray(), unsupported.ToEquatableArray());
        }

        private string? ProblemOf(INamedTypeSymbol type)
        {
            if (type.TypeKind != TypeKind.Class)
            {
                return $"it is {(type.TypeKind == TypeKind.Struct ? "a struct" : "not a class")}; declare the item as a class";
            }

            if (type.IsAbstract || type.IsStatic)
            {
                return "it is abstract or static; name a concrete class";
            }

            if (type.IsGenericType)
            {
                return "it is generic; declare a non-generic class for the item";
            }

            if (!compilation.IsSymbolAccessibleWithin(type, compilation.Assembly))
            {
                return "it is not accessible from this project; make it public or internal";
            }

            return type.InstanceConstructors.Any(c => c.Parameters.IsEmpty && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal)
                ? null
                : "it has no parameterless constructor; add one (public or internal)";
        }

        private static IEnumerable<ISymbol> MembersWithBases(INamedTypeSymbol type)
        {
            var chain = new List<INamedTypeSymbol>();
            for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                chain.Insert(0, t);
            }

            return chain.SelectMany(t => t.GetMembers());
        }

        private void ReadMembers(INamedTypeSymbol type, List<ItemMemberSpec> members, List<ItemUnsupportedMember> unsupported)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in MembersWithBases(type))
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
            type = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
            var isReference = type.IsReferenceType;
            var nullableValue = false;
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                type = nullable.TypeArguments[0];
                nullableValue = true;
            }

            ItemShape Simple(ItemKind kind, ItemShape? element = null, string? mapper = null) =>
                new(kind, FullName(type), nullableValue, isReference, nullableReference, element, mapper);

            switch (type.SpecialType)
            {
                case SpecialType.System_String:
                    return Simple(ItemKind.String);
                case SpecialType.System_Boolean:
                    return Simple(ItemKind.Boolean);
                case SpecialType.System_Int32:
                    return Simple(ItemKind.Int32);
                case SpecialType.System_Int64:
                    return Simple(ItemKind.Int64);
                case SpecialType.System_Double:
                    return Simple(ItemKind.Double);
                case SpecialType.System_Decimal:
                    return Simple(ItemKind.Decimal);
                case SpecialType.System_DateTime:
                    return Simple(ItemKind.DateTime);
            }

            if (type is IArrayTypeSymbol array)
            {
                return array.Rank == 1 && array.ElementType.SpecialType == SpecialType.System_Byte ? Simple(ItemKind.Bytes) : null;
            }

            if (type is not INamedTypeSymbol named)
            {
                return null;
            }

            if (named.TypeKind == TypeKind.Enum)
            {
                return Simple(ItemKind.Enum);
            }

            var ns = named.ContainingNamespace?.ToDisplayString();
            if (ns == "System" && named.Name == "Guid")
            {
                return Simple(ItemKind.Guid);
            }

            if (ns == "System" && named.Name == "DateTimeOffset")
            {
                return Simple(ItemKind.DateTimeOffset);
            }

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
                !ns.StartsWith("System", StringComparison.Ordinal) && !ns.StartsWith("Amazon", StringComparison.Ordinal) && _order.Count < MaxTypes)
            {
                return Simple(ItemKind.Object, mapper: MapperNameOf(named));
            }

            return null;
        }

        private static bool HasAttribute(ISymbol symbol, string name) => FindAttribute(symbol, name) is not null;

        private static AttributeData? FindAttribute(ISymbol symbol, string name) =>
            symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass is { } c && c.Name == name && c.ContainingNamespace?.ToDisplayString() == AttributeNamespace);

        private static string? AttributeName(ISymbol member) =>
            (FindAttribute(member, "DynamoDBPropertyAttribute") ?? FindAttribute(member, "DynamoDBHashKeyAttribute") ?? FindAttribute(member, "DynamoDBRangeKeyAttribute"))
                is { } attribute && attribute.ConstructorArguments.FirstOrDefault(a => a.Value is string).Value is string { Length: > 0 } name ? name : null;

        private static bool IsPublic(INamedTypeSymbol type)
        {
            for (ISymbol? t = type; t is INamedTypeSymbol; t = t.ContainingType)
            {
                if (t.DeclaredAccessibility != Accessibility.Public)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
