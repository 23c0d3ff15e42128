using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
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
    private const int MaxTypes = 200;

    public static DocumentModel Read(EquatableArray<string> names, Compilation compilation, CancellationToken cancellationToken)
    {
        if (names.IsEmpty)
        {
            return DocumentModel.Empty;
        }

        var reader = new Reader(compilation, cancellationToken);
        var lookups = new List<TypeLookup>();
        foreach (var name in names)
        {
            var type = Find(compilation, name);
            if (type is null)
            {
                lookups.Add(new TypeLookup(name, null, Suggest(compilation, name, cancellationToken)));
                continue;
            }

            lookups.Add(new TypeLookup(name, reader.Add(type), null));
        }

        return new DocumentModel(lookups.ToEquatableArray(), reader.Types(), EquatableArray<DiagnosticInfo>.Empty);
    }

    /// <summary>Resolves <c>MyApp.User</c>, <c>global::MyApp.User</c>, and nested types written with dots or <c>+</c>.</summary>
    private static INamedTypeSymbol? Find(Compilation compilation, string name)
    {
        if (name.StartsWith("global::", StringComparison.Ordinal))
        {
            name = name.Substring("global::".Length);
        }

        name = name.Replace('+', '.');
        var parts = name.Split('.');

        // Try every split between namespace and nested type names, outermost type first.
        for (var typeStart = parts.Length - 1; typeStart >= 0; typeStart--)
        {
            var metadataName = string.Join(".", parts.Take(typeStart + 1)) +
                string.Concat(parts.Skip(typeStart + 1).Select(p => "+" + p));
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
        var sameName = all.Where(t => string.Equals(t.Name, simple, StringComparison.OrdinalIgnoreCase))
            .Select(DisplayName).OrderBy(n => n, StringComparer.Ordinal).FirstOrDefault();
        var nearest = sameName ?? Names.Nearest(name, all.Select(DisplayName));
        return nearest is not null
            ? $"did you mean '{nearest}'?"
            : "write the document class's full name with its namespace, such as \"MyApp.User\", and check that the project declares or references it";
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

    private static string FullName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    private sealed class Reader(Compilation compilation, CancellationToken cancellationToken)
    {
        private readonly Dictionary<string, DocumentTypeSpec> _types = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];
        private readonly HashSet<string> _serializerNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _serializerOf = new(StringComparer.Ordinal);
        private readonly Queue<INamedTypeSymbol> _pending = new();

        /// <summary>Adds <paramref name="type"/> (and, transitively, the classes it stores) and returns its full name.</summary>
        public string Add(INamedTypeSymbol type)
        {
            SerializerNameOf(type);
            Drain();
            return FullName(type);
        }

        public EquatableArray<DocumentTypeSpec> Types() => _order.Select(n => _types[n]).ToEquatableArray();

        private string SerializerNameOf(INamedTypeSymbol type)
        {
            var fullName = FullName(type);
            if (_serializerOf.TryGetValue(fullName, out var existing))
            {
                return existing;
            }

            var candidate = Names.ToFieldPart(type.Name) + "Serializer";
            var name = candidate;
            for (var i = 2; !_serializerNames.Add(name); i++)
            {
                name = candidate + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            _serializerOf[fullName] = name;
            _order.Add(fullName);
            _pending.Enqueue(type);
            return name;
        }

        private void Drain()
        {
            while (_pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var type = _pending.Dequeue();
                var fullName = FullName(type);
                _types[fullName] = Describe(type, _serializerOf[fullName]);
            }
        }

        private DocumentTypeSpec Describe(INamedTypeSymbol type, string serializerName)
        {
            var problem = ProblemOf(type);
            var members = new List<DocumentMemberSpec>();
            var unsupported = new List<UnsupportedMemberSpec>();
            var initOnly = new List<string>();
            if (problem is null)
            {
                ReadMembers(type, members, unsupported, initOnly);
                var twice = members.GroupBy(m => m.ElementName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
                if (twice is not null)
                {
                    problem = $"the members {string.Join(" and ", twice.Select(m => m.Name))} are both stored as '{twice.Key}'; give one of them another [BsonElement(\"name\")]";
                    members.Clear();
                }
            }

            var ordered = members.Where(m => m.IsId).Concat(members.Where(m => !m.IsId)).ToEquatableArray();
            return new DocumentTypeSpec(
                FullName(type),
                DisplayName(type),
                serializerName,
                IsPublic(type),
                problem,
                ordered,
                unsupported.ToEquatableArray(),
                initOnly.ToEquatableArray());
        }

        private string? ProblemOf(INamedTypeSymbol type)
        {
            if (type.TypeKind != TypeKind.Class)
            {
                return $"it is {(type.TypeKind == TypeKind.Struct ? "a struct" : "not a class")}; declare the document as a class";
            }

            if (type.IsAbstract || type.IsStatic)
            {
                return "it is abstract or static; name a concrete class";
            }

            if (type.IsGenericType)
            {
                return "it is generic; declare a non-generic class for the document";
            }

            if (!compilation.IsSymbolAccessibleWithin(type, compilation.Assembly))
            {
                return "it is not accessible from this project; make it public or internal";
            }

            if (!type.InstanceConstructors.Any(c => c.Parameters.IsEmpty && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal))
            {
                return "it has no parameterless constructor; add one (public or internal)";
            }

            if (GetMembersWithBases(type).Any(m => m is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true }))
            {
                return "it has required members, which a serializer that sets members one by one cannot satisfy; remove 'required'";
            }

            return null;
        }

        private static IEnumerable<ISymbol> GetMembersWithBases(INamedTypeSymbol type)
        {
            var chain = new List<INamedTypeSymbol>();
            for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                chain.Insert(0, t);
            }

            return chain.SelectMany(t => t.GetMembers());
        }

        private void ReadMembers(INamedTypeSymbol type, List<DocumentMemberSpec> members, List<UnsupportedMemberSpec> unsupported, List<string> initOnly)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var hasExplicitId = GetMembersWithBases(type).Any(m => HasAttribute(m, "BsonIdAttribute"));
            foreach (var member in GetMembersWithBases(type))
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

            // Nullable reference annotations do not change how a value is stored; names must not carry them.
            type = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
            var isReference = type.IsReferenceType;
            var nullableValue = false;
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                type = nullable.TypeArguments[0];
                nullableValue = true;
            }

            ValueShape Simple(ShapeKind kind) => new(kind, FullName(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)), nullableValue, isReference, representation, null, null);

            switch (type.SpecialType)
            {
                case SpecialType.System_String:
                    return Simple(ShapeKind.String);
                case SpecialType.System_Boolean:
                    return Simple(ShapeKind.Boolean);
                case SpecialType.System_Int32:
                    return Simple(ShapeKind.Int32);
                case SpecialType.System_Int64:
                    return Simple(ShapeKind.Int64);
                case SpecialType.System_Double:
                    return Simple(ShapeKind.Double);
                case SpecialType.System_Decimal:
                    return Simple(ShapeKind.Decimal);
                case SpecialType.System_DateTime:
                    return Simple(ShapeKind.DateTime);
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

            if (named.TypeKind == TypeKind.Enum)
            {
                return Simple(ShapeKind.Enum);
            }

            var ns = named.ContainingNamespace?.ToDisplayString();
            if (ns == "System" && named.Name == "Guid")
            {
                return Simple(ShapeKind.Guid);
            }

            if (ns == "System" && named.Name == "DateTimeOffset")
            {
                return Simple(ShapeKind.DateTimeOffset);
            }

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
                named.ContainingAssembly is not null && _order.Count < MaxTypes)
            {
                var serializer = SerializerNameOf(named);
                return new ValueShape(ShapeKind.Document, FullName(named), false, true, null, null, serializer);
            }

            return null;
        }

        private static bool HasAttribute(ISymbol symbol, string name) => FindAttribute(symbol, name) is not null;

        private static AttributeData? FindAttribute(ISymbol symbol, string name) =>
            symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass is { } c && c.Name == name && c.ContainingNamespace?.ToDisplayString() == AttributeNamespace);

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
