using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Backends.Generator.Model;
using Backends.Generator.Naming;
using Microsoft.CodeAnalysis;

namespace Backends.Generator.Features.DeclaredData;

/// <summary>
/// What the declared-data modules ask of the compilation about the classes their declarations name (a MongoDB document,
/// a DynamoDB item): resolving a written name, a did-you-mean, whether a class can be stored at all, its members with its
/// base classes', its attributes. Every answer is a name or a flag; the symbols never leave the module's type reader.
/// </summary>
internal static class DeclaredTypes
{
    /// <summary>
    /// Resolves every written name: found ones are handed to <paramref name="add"/> (which returns the full name), the
    /// others get a did-you-mean, or <paramref name="notFoundAdvice"/> when nothing is near.
    /// </summary>
    public static EquatableArray<TypeLookup> Lookups(
        EquatableArray<string> names, Compilation compilation, Func<INamedTypeSymbol, string> add, string notFoundAdvice, CancellationToken cancellationToken)
    {
        var lookups = new List<TypeLookup>();
        foreach (var name in names)
        {
            lookups.Add(Find(compilation, name) is { } type
                ? new TypeLookup(name, add(type), null)
                : new TypeLookup(name, null, Suggest(compilation, name, notFoundAdvice, cancellationToken)));
        }

        return lookups.ToEquatableArray();
    }

    /// <summary>The name diagnostics use, <c>MyApp.User</c>.</summary>
    public static string DisplayName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

    /// <summary>The global::-qualified name, without a nullable annotation.</summary>
    public static string FullName(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>
    /// Why <paramref name="type"/> cannot be stored by generated code that creates it and sets its members one by one, or
    /// null: it must be a concrete, non-generic class this project can see, with a parameterless constructor.
    /// </summary>
    /// <param name="type">The class.</param>
    /// <param name="compilation">The project.</param>
    /// <param name="noun">What the class is, for the advice, <c>document</c>.</param>
    public static string? ClassProblem(INamedTypeSymbol type, Compilation compilation, string noun)
    {
        if (type.TypeKind != TypeKind.Class)
        {
            return $"it is {(type.TypeKind == TypeKind.Struct ? "a struct" : "not a class")}; declare the {noun} as a class";
        }

        if (type.IsAbstract || type.IsStatic)
        {
            return "it is abstract or static; name a concrete class";
        }

        if (type.IsGenericType)
        {
            return $"it is generic; declare a non-generic class for the {noun}";
        }

        if (!compilation.IsSymbolAccessibleWithin(type, compilation.Assembly))
        {
            return "it is not accessible from this project; make it public or internal";
        }

        return type.InstanceConstructors.Any(c => c.Parameters.IsEmpty && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal)
            ? null
            : "it has no parameterless constructor; add one (public or internal)";
    }

    /// <summary>
    /// Why two stored members cannot share a stored name, or null: the first name stored twice, with the attribute that
    /// renames one of them (<c>BsonElement</c>).
    /// </summary>
    public static string? StoredTwice<T>(IEnumerable<T> members, Func<T, string> memberName, Func<T, string> storedName, string renameAttribute)
    {
        var twice = members.GroupBy(storedName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return twice is null
            ? null
            : $"the members {string.Join(" and ", twice.Select(memberName))} are both stored as '{twice.Key}'; give one of them another [{renameAttribute}(\"name\")]";
    }

    /// <summary>The members of <paramref name="type"/> and its base classes (not <see cref="object"/>), the outermost base's first.</summary>
    public static IEnumerable<ISymbol> MembersWithBases(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            chain.Insert(0, t);
        }

        return chain.SelectMany(t => t.GetMembers());
    }

    /// <summary>The attribute <paramref name="name"/> of <paramref name="attributeNamespace"/> on <paramref name="symbol"/>, or null.</summary>
    public static AttributeData? FindAttribute(ISymbol symbol, string attributeNamespace, string name) =>
        symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass is { } c && c.Name == name && c.ContainingNamespace?.ToDisplayString() == attributeNamespace);

    /// <summary>
    /// Removes a nullable annotation and a <c>Nullable&lt;T&gt;</c> wrapper: how a value is stored does not depend on them,
    /// and names must not carry them.
    /// </summary>
    /// <param name="type">The member's type.</param>
    /// <param name="isReference">Whether it is a reference type.</param>
    /// <param name="isNullableValue">Whether it was a <c>Nullable&lt;T&gt;</c>.</param>
    /// <returns>The stored type.</returns>
    public static ITypeSymbol Unwrap(ITypeSymbol type, out bool isReference, out bool isNullableValue)
    {
        type = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        isReference = type.IsReferenceType;
        isNullableValue = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            isNullableValue = true;
            return nullable.TypeArguments[0];
        }

        return type;
    }

    /// <summary>The scalar <paramref name="type"/> (already <see cref="Unwrap"/>ped) is, which every module stores as one value, or null.</summary>
    public static ScalarKind? Scalar(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
                return ScalarKind.String;
            case SpecialType.System_Boolean:
                return ScalarKind.Boolean;
            case SpecialType.System_Int32:
                return ScalarKind.Int32;
            case SpecialType.System_Int64:
                return ScalarKind.Int64;
            case SpecialType.System_Double:
                return ScalarKind.Double;
            case SpecialType.System_Decimal:
                return ScalarKind.Decimal;
            case SpecialType.System_DateTime:
                return ScalarKind.DateTime;
        }

        if (type is not INamedTypeSymbol named)
        {
            return null;
        }

        if (named.TypeKind == TypeKind.Enum)
        {
            return ScalarKind.Enum;
        }

        var ns = named.ContainingNamespace?.ToDisplayString();
        return ns != "System" ? null : named.Name switch
        {
            "Guid" => ScalarKind.Guid,
            "DateTimeOffset" => ScalarKind.DateTimeOffset,
            _ => null,
        };
    }

    /// <summary>Whether the type and every type it is nested in are public (its accessor can be public).</summary>
    public static bool IsPublic(INamedTypeSymbol type)
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

    /// <summary>Resolves <c>MyApp.User</c>, <c>global::MyApp.User</c>, and nested types written with dots or <c>+</c>.</summary>
    private static INamedTypeSymbol? Find(Compilation compilation, string name)
    {
        if (name.StartsWith("global::", StringComparison.Ordinal))
        {
            name = name.Substring("global::".Length);
        }

        var parts = name.Replace('+', '.').Split('.');

        // Try every split between namespace and nested type names, outermost type first.
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

    private static string Suggest(Compilation compilation, string name, string notFoundAdvice, CancellationToken cancellationToken)
    {
        var all = new List<INamedTypeSymbol>();
        Collect(compilation.Assembly.GlobalNamespace, all, cancellationToken);
        var simple = name.Split('.', '+').Last();
        var nearest = all.Where(t => string.Equals(t.Name, simple, StringComparison.OrdinalIgnoreCase)).Select(DisplayName)
            .OrderBy(n => n, StringComparer.Ordinal).FirstOrDefault() ?? Names.Nearest(name, all.Select(DisplayName));
        return nearest is not null ? $"did you mean '{nearest}'?" : notFoundAdvice;
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
}

/// <summary>The scalars every declared-data module stores as one value (<see cref="DeclaredTypes.Scalar"/>).</summary>
internal enum ScalarKind
{
    String,
    Boolean,
    Int32,
    Int64,
    Double,
    Decimal,
    DateTime,
    Enum,
    Guid,
    DateTimeOffset,
}
