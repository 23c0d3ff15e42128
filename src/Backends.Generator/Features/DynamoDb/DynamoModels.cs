using Backends.Generator.Features.DeclaredData;
using Backends.Generator.Model;

namespace Backends.Generator.Features.DynamoDb;

/// <summary>A name written in backends.json with where it is written.</summary>
internal sealed record NameRef(string Name, LocationInfo Location);

/// <summary>One <c>"orders": { "type", "hashKey", "rangeKey", capacities, "indexes", "ttl" }</c> under a connection's <c>"tables"</c>.</summary>
internal sealed record TableDeclaration(
    string Connection,
    string Name,
    LocationInfo NameLocation,
    string TypeName,
    LocationInfo TypeLocation,
    NameRef HashKey,
    NameRef? RangeKey,
    long? ReadCapacity,
    long? WriteCapacity,
    EquatableArray<TableIndexDeclaration> Indexes,
    NameRef? Ttl)
    : IDeclaration;

/// <summary>One global secondary index as written.</summary>
internal sealed record TableIndexDeclaration(string Name, LocationInfo NameLocation, NameRef HashKey, NameRef? RangeKey, long? ReadCapacity, long? WriteCapacity);

/// <summary>The item types the tables name (<see cref="DeclaredTypeModel{TSpec}"/>), and what a generated table class inherits.</summary>
internal sealed record ItemModel(EquatableArray<TypeLookup> Lookups, EquatableArray<ItemTypeSpec> Types, EquatableArray<DiagnosticInfo> Diagnostics)
    : DeclaredTypeModel<ItemTypeSpec>(Lookups, Types, Diagnostics)
{
    public static readonly ItemModel Empty = new(EquatableArray<TypeLookup>.Empty, EquatableArray<ItemTypeSpec>.Empty, EquatableArray<DiagnosticInfo>.Empty);

    /// <summary>
    /// The names a generated table class inherits from <c>DynamoTable&lt;T&gt;</c> and <c>DynamoTable&lt;T, TKey&gt;</c>
    /// (their non-private members), which an index accessor on it must not hide; reduced from the symbols at once.
    /// </summary>
    public EquatableArray<string> TableMemberNames { get; init; } = EquatableArray<string>.Empty;
}

/// <summary>One class an item mapper is generated for.</summary>
/// <param name="FullName">The global::-qualified type name.</param>
/// <param name="DisplayName">The name diagnostics use.</param>
/// <param name="MapperName">The generated mapper's class name.</param>
/// <param name="IsPublic">Whether the type is public.</param>
/// <param name="Problem">Why no mapper can be generated, or null.</param>
/// <param name="Members">The stored members in declaration order.</param>
/// <param name="Unsupported">Members whose type no mapper is generated for (reported), as name and type.</param>
internal sealed record ItemTypeSpec(
    string FullName,
    string DisplayName,
    string MapperName,
    bool IsPublic,
    string? Problem,
    EquatableArray<ItemMemberSpec> Members,
    EquatableArray<ItemUnsupportedMember> Unsupported);

/// <summary>A member no mapper is generated for.</summary>
internal sealed record ItemUnsupportedMember(string Name, string TypeName);

/// <summary>One stored member.</summary>
/// <param name="Name">The C# member name.</param>
/// <param name="AttributeName">The attribute name: <c>[DynamoDBProperty("name")]</c>, else the camelCased member name.</param>
/// <param name="Value">How the value is stored.</param>
/// <param name="Settable">It has a set accessor (not init-only, not required): a missing non-nullable collection keeps its initializer.</param>
/// <param name="IsEpochSeconds">It is a table's TTL member, stored as epoch seconds (set by the binder).</param>
internal sealed record ItemMemberSpec(string Name, string AttributeName, ItemShape Value, bool Settable, bool IsEpochSeconds);

/// <summary>The kinds of value a generated mapper stores.</summary>
internal enum ItemKind
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
    Bytes,
    Enum,
    Object,
    List,
    StringSet,
    NumberSet,
    Map,
}

/// <summary>How one value is stored.</summary>
/// <param name="Kind">The kind of value.</param>
/// <param name="TypeName">The global::-qualified C# type, without the Nullable wrapper or annotation.</param>
/// <param name="IsNullableValue">It is a <c>Nullable&lt;T&gt;</c>.</param>
/// <param name="IsReference">It is a reference type.</param>
/// <param name="IsNullableReference">It is a reference type annotated as nullable (or oblivious).</param>
/// <param name="Element">For lists, sets and maps: the item or value.</param>
/// <param name="MapperName">For nested classes: the generated mapper's class name.</param>
internal sealed record ItemShape(ItemKind Kind, string TypeName, bool IsNullableValue, bool IsReference, bool IsNullableReference, ItemShape? Element, string? MapperName)
{
    /// <summary>The key type a value of this shape can be (S, N or B), or null when it cannot be a key.</summary>
    public string? KeyType => IsNullableValue
        ? null
        : Kind switch
        {
            ItemKind.String or ItemKind.Guid or ItemKind.DateTime or ItemKind.DateTimeOffset or ItemKind.Enum => "S",
            ItemKind.Int32 or ItemKind.Int64 or ItemKind.Double or ItemKind.Decimal => "N",
            ItemKind.Bytes => "B",
            _ => null,
        };
}

/// <summary>One declared table, as generated.</summary>
/// <param name="Name">The table's name.</param>
/// <param name="Identifier">The accessor, <c>Orders</c>.</param>
/// <param name="ItemType">The global::-qualified item type.</param>
/// <param name="ItemMember">Its C# name for docs.</param>
/// <param name="MapperName">The generated mapper's class name.</param>
/// <param name="IsPublic">Whether the table class and accessor can be public.</param>
/// <param name="HashKey">The hash key.</param>
/// <param name="RangeKey">The range key, if any.</param>
/// <param name="ReadCapacity">Provisioned read capacity, or null for on-demand.</param>
/// <param name="WriteCapacity">Provisioned write capacity.</param>
/// <param name="Indexes">The global secondary indexes.</param>
/// <param name="Ttl">The TTL attribute, if any.</param>
internal sealed record DynamoTableSpec(
    string Name,
    string Identifier,
    string ItemType,
    string ItemMember,
    string MapperName,
    bool IsPublic,
    DynamoKeySpec HashKey,
    DynamoKeySpec? RangeKey,
    long? ReadCapacity,
    long? WriteCapacity,
    EquatableArray<DynamoIndexSpec> Indexes,
    string? Ttl);

/// <summary>One global secondary index, as generated.</summary>
internal sealed record DynamoIndexSpec(string Name, string Identifier, DynamoKeySpec HashKey, DynamoKeySpec? RangeKey, long? ReadCapacity, long? WriteCapacity);

/// <summary>A key attribute: its name, DynamoDB type (S, N, B), the C# member and the type of a typed key parameter.</summary>
internal sealed record DynamoKeySpec(string Attribute, string KeyType, string Member, string ParameterType, ItemShape Shape);

/// <summary>
/// What the DynamoDB feature module generates, bound against the core model without changing it: the generated handles,
/// the item mappers, and every diagnostic of the declared tables.
/// </summary>
/// <param name="Namespace">The generated code's namespace, or null for the global namespace.</param>
/// <param name="ClassName">The generated class, <c>Db</c>.</param>
/// <param name="Connections">The connections that get a generated handle, in declaration order.</param>
/// <param name="Mappers">The item mappers to generate.</param>
/// <param name="Diagnostics">What reading and binding the tables reported.</param>
internal sealed record DynamoGeneration(
    string? Namespace,
    string ClassName,
    EquatableArray<DeclaredHandleSpec<DynamoTableSpec>> Connections,
    EquatableArray<ItemTypeSpec> Mappers,
    EquatableArray<DiagnosticInfo> Diagnostics)
    : DeclaredDataGeneration<DynamoTableSpec>(Namespace, ClassName, Connections, Diagnostics)
{
    public static readonly DynamoGeneration Empty = new(null, "Db", EquatableArray<DeclaredHandleSpec<DynamoTableSpec>>.Empty, EquatableArray<ItemTypeSpec>.Empty, EquatableArray<DiagnosticInfo>.Empty);
}
