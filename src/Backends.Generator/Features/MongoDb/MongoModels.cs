using Backends.Generator.Features.DeclaredData;
using Backends.Generator.Model;

namespace Backends.Generator.Features.MongoDb;

/// <summary>One <c>"users": { "type": ..., "indexes": ..., "unique": ..., "ttl": ... }</c> under a connection's <c>"collections"</c>.</summary>
/// <param name="Connection">The connection's name as written.</param>
/// <param name="Name">The collection's name.</param>
/// <param name="NameLocation">Where the collection's key is written.</param>
/// <param name="TypeName">The document type's full C# name, as written.</param>
/// <param name="TypeLocation">Where the type's value is written.</param>
/// <param name="Indexes">Plain indexes.</param>
/// <param name="Unique">Unique indexes.</param>
/// <param name="Ttl">The TTL index, if any.</param>
internal sealed record CollectionDeclaration(
    string Connection,
    string Name,
    LocationInfo NameLocation,
    string TypeName,
    LocationInfo TypeLocation,
    EquatableArray<IndexDeclaration> Indexes,
    EquatableArray<IndexDeclaration> Unique,
    TtlDeclaration? Ttl)
    : IDeclaration;

/// <summary>One index: its fields in key order (<c>"-name"</c> = descending).</summary>
internal sealed record IndexDeclaration(EquatableArray<IndexField> Fields);

/// <summary>One index field as written, with where.</summary>
internal sealed record IndexField(string Text, LocationInfo Location)
{
    /// <summary>The field path without the descending marker.</summary>
    public string Path => Text.StartsWith("-", System.StringComparison.Ordinal) ? Text.Substring(1) : Text;
}

/// <summary>The TTL index: a date field and the seconds after it.</summary>
internal sealed record TtlDeclaration(IndexField Field, int Seconds);

/// <summary>The document types the collections name (<see cref="DeclaredTypeModel{TSpec}"/>).</summary>
internal sealed record DocumentModel(EquatableArray<TypeLookup> Lookups, EquatableArray<DocumentTypeSpec> Types, EquatableArray<DiagnosticInfo> Diagnostics)
    : DeclaredTypeModel<DocumentTypeSpec>(Lookups, Types, Diagnostics)
{
    public static readonly DocumentModel Empty = new(EquatableArray<TypeLookup>.Empty, EquatableArray<DocumentTypeSpec>.Empty, EquatableArray<DiagnosticInfo>.Empty);
}

/// <summary>One class a BSON serializer is generated for.</summary>
/// <param name="FullName">The global::-qualified type name.</param>
/// <param name="DisplayName">The name diagnostics use, <c>MyApp.User</c>.</param>
/// <param name="SerializerName">The generated serializer's class name, unique in the generated file.</param>
/// <param name="IsPublic">Whether the type is public (its accessor can be public).</param>
/// <param name="Problem">Why the type cannot get a serializer, or null.</param>
/// <param name="Members">The stored members, the id first.</param>
/// <param name="UnsupportedMembers">Members whose type no serializer is generated for (reported).</param>
/// <param name="InitOnlyMembers">Data properties with an init-only setter, which a serializer cannot set (reported).</param>
internal sealed record DocumentTypeSpec(
    string FullName,
    string DisplayName,
    string SerializerName,
    bool IsPublic,
    string? Problem,
    EquatableArray<DocumentMemberSpec> Members,
    EquatableArray<UnsupportedMemberSpec> UnsupportedMembers,
    EquatableArray<string> InitOnlyMembers);

/// <summary>One stored member.</summary>
/// <param name="Name">The C# member name.</param>
/// <param name="ElementName">The BSON element name: <c>_id</c>, <c>[BsonElement]</c>, or the camelCased member name.</param>
/// <param name="Value">How its value is stored.</param>
/// <param name="IsId">It is the document's id.</param>
/// <param name="IgnoreIfNull">[BsonIgnoreIfNull]: a null value is left out.</param>
internal sealed record DocumentMemberSpec(string Name, string ElementName, ValueShape Value, bool IsId, bool IgnoreIfNull);

/// <summary>A member no serializer is generated for.</summary>
internal sealed record UnsupportedMemberSpec(string Name, string TypeName);

/// <summary>The kinds of value a generated serializer stores.</summary>
internal enum ShapeKind
{
    String,
    Boolean,
    Int32,
    Int64,
    Double,
    Decimal,
    Guid,
    DateTime,
    DateTimeOffset,
    ObjectId,
    Bytes,
    Enum,
    Document,
    List,
    Array,
    ReadOnlyList,
    Dictionary,
}

/// <summary>How one value is stored.</summary>
/// <param name="Kind">The kind of value.</param>
/// <param name="TypeName">The global::-qualified C# type, without the Nullable wrapper.</param>
/// <param name="IsNullableValue">It is a <c>Nullable&lt;T&gt;</c>.</param>
/// <param name="IsReference">It is a reference type (null is possible).</param>
/// <param name="Representation">The <c>BsonType</c> member name from [BsonRepresentation], or null for the default.</param>
/// <param name="Element">For lists, arrays and dictionaries: the item or value.</param>
/// <param name="SerializerName">For nested documents: the generated serializer's class name.</param>
internal sealed record ValueShape(
    ShapeKind Kind,
    string TypeName,
    bool IsNullableValue,
    bool IsReference,
    string? Representation,
    ValueShape? Element,
    string? SerializerName)
{
    /// <summary>The C# type as declared, <c>int?</c> for a nullable value.</summary>
    public string DeclaredType => IsNullableValue ? TypeName + "?" : TypeName;
}

/// <summary>One declared collection, as generated.</summary>
/// <param name="Name">The collection's name.</param>
/// <param name="Identifier">The accessor property, <c>Users</c>.</param>
/// <param name="DocumentType">The global::-qualified document type.</param>
/// <param name="SerializerName">The generated serializer, or null when serializers are off (the driver's class map is used).</param>
/// <param name="IsPublic">Whether the accessor can be public.</param>
/// <param name="Indexes">Plain indexes as field lists.</param>
/// <param name="Unique">Unique indexes as field lists.</param>
/// <param name="TtlField">The TTL field, if any.</param>
/// <param name="TtlSeconds">The TTL seconds.</param>
internal sealed record MongoCollectionSpec(
    string Name,
    string Identifier,
    string DocumentType,
    string? SerializerName,
    bool IsPublic,
    EquatableArray<EquatableArray<string>> Indexes,
    EquatableArray<EquatableArray<string>> Unique,
    string? TtlField,
    int TtlSeconds);

/// <summary>
/// What the MongoDB feature module generates, bound against the core model without changing it: the generated handles,
/// the serializers, and every diagnostic of the declared collections.
/// </summary>
/// <param name="Namespace">The generated code's namespace, or null for the global namespace.</param>
/// <param name="ClassName">The generated class, <c>Db</c>.</param>
/// <param name="Connections">The connections that get a generated handle, in declaration order.</param>
/// <param name="Serializers">The BSON serializers to generate.</param>
/// <param name="Diagnostics">What reading and binding the collections reported.</param>
internal sealed record MongoGeneration(
    string? Namespace,
    string ClassName,
    EquatableArray<DeclaredHandleSpec<MongoCollectionSpec>> Connections,
    EquatableArray<DocumentTypeSpec> Serializers,
    EquatableArray<DiagnosticInfo> Diagnostics)
    : DeclaredDataGeneration<MongoCollectionSpec>(Namespace, ClassName, Connections, Diagnostics)
{
    public static readonly MongoGeneration Empty = new(null, "Db", EquatableArray<DeclaredHandleSpec<MongoCollectionSpec>>.Empty, EquatableArray<DocumentTypeSpec>.Empty, EquatableArray<DiagnosticInfo>.Empty);
}
