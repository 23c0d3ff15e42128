using System;
using System.Globalization;
using System.Linq;
using Backends.Generator.Emit;
using Backends.Generator.Features.DeclaredData;
using Backends.Generator.Model;
using Backends.Generator.Naming;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Backends.Generator.Features.DynamoDb;

/// <summary>
/// Writes <c>Db.DynamoDb.g.cs</c>: for each connection that declares tables a handle class deriving from
/// <c>DynamoDbBackend</c> with one typed table per declared table (its <c>TableDefinition</c>, typed key overloads and one
/// typed member per index), and a reflection-free item mapper per item type (and per class those contain).
/// </summary>
internal static class DynamoEmitter
{
    private const string Dynamo = "global::Backends.DynamoDb";
    private const string Value = "global::Backends.DynamoDb.DynamoValue";
    private const string Item = "global::System.Collections.Generic.Dictionary<string, global::Amazon.DynamoDBv2.Model.AttributeValue>";
    private const string Token = "global::System.Threading.CancellationToken";

    public static void Emit(SourceProductionContext context, DynamoGeneration generation) =>
        FeatureOutput.Emit(
            context,
            generation.Diagnostics,
            !generation.Connections.IsEmpty,
            () => Write(generation, OutputEmitter.Version),
            "writing the DynamoDB tables",
            generation.ClassName + ".DynamoDb.g.cs");

    public static string Write(DynamoGeneration generation, string version)
    {
        var writer = new SourceWriter();
        OutputEmitter.WriteHeader(writer, generation.Namespace);
        var mappersClass = generation.ClassName + "DynamoMappers";
        var mappers = OutputEmitter.Qualified(generation.Namespace, mappersClass);
        DeclaredDataEmitter.WriteHandles(writer, generation.ClassName, generation.Connections, handle => WriteHandle(writer, handle, mappers, version));
        if (!generation.Mappers.IsEmpty)
        {
            writer.WriteLine();
            WriteMappers(writer, mappersClass, mappers, generation.Mappers, version);
        }

        return writer.ToString();
    }

    private static void WriteHandle(SourceWriter writer, DeclaredHandleSpec<DynamoTableSpec> dynamo, string mappers, string version)
    {
        DeclaredDataEmitter.OpenHandle(writer, dynamo, "tables", "so that start-up creates the missing ones", version);
        foreach (var table in dynamo.Items)
        {
            writer.WriteLine($"{table.Identifier} = new {table.Identifier}Table(this);");
        }

        writer.CloseBlock();
        foreach (var table in dynamo.Items)
        {
            writer.WriteLine();
            writer.WriteLine($"/// <summary>The table <c>{CSharp.DocText(table.Name)}</c> of <see cref=\"{CSharp.DocText(table.ItemType)}\"/> items.</summary>");
            writer.WriteLine($"{Access(table)} {table.Identifier}Table {table.Identifier} {{ get; }}");
        }

        foreach (var table in dynamo.Items)
        {
            writer.WriteLine();
            WriteTable(writer, table, mappers, version);
        }

        writer.CloseBlock();
    }

    private static string Access(DynamoTableSpec table) => table.IsPublic ? "public" : "internal";

    private static void WriteTable(SourceWriter writer, DynamoTableSpec table, string mappers, string version)
    {
        var className = table.Identifier + "Table";
        var item = table.ItemType;
        var mapper = $"{mappers}.{table.MapperName}.Instance";
        var hashOnly = table.RangeKey is null;
        writer.WriteLine($"/// <summary>The typed table <c>{CSharp.DocText(table.Name)}</c>: {(hashOnly ? "hash-only, so also an <c>IRepository</c> keyed by its hash key" : "hash and range key")}.</summary>");
        writer.WriteLine(OutputEmitter.GeneratedCodeAttribute(version));
        var baseType = hashOnly ? $"{Dynamo}.DynamoTable<{item}, {table.HashKey.ParameterType}>" : $"{Dynamo}.DynamoTable<{item}>";
        writer.OpenBlock($"{Access(table)} sealed class {className} : {baseType}");
        writer.WriteLine("/// <summary>The table as declared.</summary>");
        writer.OpenBlock($"public static readonly {Dynamo}.TableDefinition Declaration = new({CSharp.Literal(table.Name)}, {TableKey(table.HashKey)})");
        if (table.RangeKey is { } range)
        {
            writer.WriteLine($"RangeKey = {TableKey(range)},");
        }

        WriteCapacity(writer, table.ReadCapacity, table.WriteCapacity);
        if (!table.Indexes.IsEmpty)
        {
            writer.OpenBlock($"Indexes = new {Dynamo}.IndexDefinition[]");
            foreach (var index in table.Indexes)
            {
                var extras = (index.RangeKey is { } r ? $"RangeKey = {TableKey(r)}, " : "") +
                    (index.ReadCapacity is { } read && index.WriteCapacity is { } write ? $"ReadCapacity = {Long(read)}, WriteCapacity = {Long(write)}, " : "");
                writer.WriteLine($"new {Dynamo}.IndexDefinition({CSharp.Literal(index.Name)}, {TableKey(index.HashKey)})" + (extras.Length == 0 ? "," : $" {{ {extras.TrimEnd(',', ' ')} }},"));
            }

            writer.CloseBlock(",");
        }

        if (table.Ttl is not null)
        {
            writer.WriteLine($"TimeToLiveAttribute = {CSharp.Literal(table.Ttl)},");
        }

        writer.CloseBlock(";");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Creates the table handle and registers its declaration with <paramref name=\"backend\"/>.</summary>");
        writer.WriteLine("/// <param name=\"backend\">The connection.</param>");
        writer.WriteLine($"public {className}({Dynamo}.DynamoDbBackend backend)");
        if (hashOnly)
        {
            var finders = new[] { (table.HashKey.Member, (string?)null) }
                .Concat(table.Indexes.Select(i => (i.HashKey.Member, (string?)i.Name)))
                .GroupBy(f => f.Member, StringComparer.Ordinal).Select(g => g.First())
                .Select(f => $"new {Dynamo}.RepositoryIndex({CSharp.Literal(f.Member)}, {(f.Item2 is null ? "null" : CSharp.Literal(f.Item2))})");
            writer.OpenBlock($"    : base(backend, Declaration, {mapper}, static key => {KeyValue(table.HashKey, "key")}, new {Dynamo}.RepositoryIndex[] {{ {string.Join(", ", finders)} }})");
        }
        else
        {
            writer.OpenBlock($"    : base(backend, Declaration, {mapper})");
        }

        foreach (var index in table.Indexes)
        {
            writer.WriteLine($"{index.Identifier} = new {index.Identifier}Index(Index({CSharp.Literal(index.Name)}));");
        }

        writer.CloseBlock();
        foreach (var index in table.Indexes)
        {
            writer.WriteLine();
            writer.WriteLine($"/// <summary>The index <c>{CSharp.DocText(index.Name)}</c>.</summary>");
            writer.WriteLine($"public {index.Identifier}Index {index.Identifier} {{ get; }}");
        }

        if (table.RangeKey is { } rangeKey)
        {
            var hash = Parameter(table.HashKey);
            var rangeName = Parameter(rangeKey);
            writer.WriteLine();
            writer.WriteLine($"/// <summary>The item with this <c>{CSharp.DocText(table.HashKey.Attribute)}</c> and <c>{CSharp.DocText(rangeKey.Attribute)}</c>, or null.</summary>");
            writer.WriteLine($"/// <param name=\"{hash}\">The hash key.</param>");
            writer.WriteLine($"/// <param name=\"{rangeName}\">The range key.</param>");
            writer.WriteLine("/// <param name=\"cancellationToken\">Cancels the request.</param>");
            writer.WriteLine($"public global::System.Threading.Tasks.ValueTask<{item}?> GetAsync({table.HashKey.ParameterType} {Escape(hash)}, {rangeKey.ParameterType} {Escape(rangeName)}, {Token} cancellationToken = default) =>");
            writer.WriteLine($"    GetAsync({KeyValue(table.HashKey, Escape(hash))}, {KeyValue(rangeKey, Escape(rangeName))}, cancellationToken);");
            writer.WriteLine();
            writer.WriteLine($"/// <summary>Deletes the item with this <c>{CSharp.DocText(table.HashKey.Attribute)}</c> and <c>{CSharp.DocText(rangeKey.Attribute)}</c>; whether it existed.</summary>");
            writer.WriteLine($"/// <param name=\"{hash}\">The hash key.</param>");
            writer.WriteLine($"/// <param name=\"{rangeName}\">The range key.</param>");
            writer.WriteLine("/// <param name=\"cancellationToken\">Cancels the request.</param>");
            writer.WriteLine($"public global::System.Threading.Tasks.ValueTask<bool> DeleteAsync({table.HashKey.ParameterType} {Escape(hash)}, {rangeKey.ParameterType} {Escape(rangeName)}, {Token} cancellationToken = default) =>");
            writer.WriteLine($"    DeleteAsync({KeyValue(table.HashKey, Escape(hash))}, {KeyValue(rangeKey, Escape(rangeName))}, cancellationToken);");
            writer.WriteLine();
            WriteQuery(writer, "", table.HashKey, rangeKey, item);
        }

        foreach (var index in table.Indexes)
        {
            writer.WriteLine();
            writer.WriteLine($"/// <summary>The typed index <c>{CSharp.DocText(index.Name)}</c> of the table <c>{CSharp.DocText(table.Name)}</c>.</summary>");
            writer.WriteLine(OutputEmitter.GeneratedCodeAttribute(version));
            writer.OpenBlock($"public sealed class {index.Identifier}Index");
            writer.WriteLine("/// <summary>Wraps the untyped index.</summary>");
            writer.WriteLine("/// <param name=\"index\">The untyped index.</param>");
            writer.WriteLine($"public {index.Identifier}Index({Dynamo}.DynamoIndex<{item}> index) => Index = index;");
            writer.WriteLine();
            writer.WriteLine("/// <summary>The untyped index.</summary>");
            writer.WriteLine($"public {Dynamo}.DynamoIndex<{item}> Index {{ get; }}");
            writer.WriteLine();
            WriteQuery(writer, "Index.", index.HashKey, index.RangeKey, item);
            writer.CloseBlock();
        }

        writer.CloseBlock();
    }

    private static void WriteQuery(SourceWriter writer, string target, DynamoKeySpec hashKey, DynamoKeySpec? rangeKey, string item)
    {
        var hash = Parameter(hashKey);
        var range = rangeKey is null ? "range" : Parameter(rangeKey);
        writer.WriteLine($"/// <summary>The items whose <c>{CSharp.DocText(hashKey.Attribute)}</c> is <paramref name=\"{hash}\"/>{(rangeKey is null ? "" : $", in <c>{CSharp.DocText(rangeKey.Attribute)}</c> order")}, page by page.</summary>");
        writer.WriteLine($"/// <param name=\"{hash}\">The hash key.</param>");
        writer.WriteLine($"/// <param name=\"{range}\">A condition on the range key, or null for all.</param>");
        writer.WriteLine("/// <param name=\"limit\">The most items to return, or null for all.</param>");
        writer.WriteLine("/// <param name=\"descending\">Whether to return the items in descending range-key order.</param>");
        writer.WriteLine("/// <param name=\"pageSize\">The most items one request reads; null: up to 1 MB.</param>");
        writer.WriteLine("/// <param name=\"cancellationToken\">Cancels the enumeration.</param>");
        writer.WriteLine($"public global::System.Collections.Generic.IAsyncEnumerable<{item}> QueryAsync(");
        writer.WriteLine($"    {hashKey.ParameterType} {Escape(hash)}, {Dynamo}.RangeCondition? {Escape(range)} = null, int? limit = null, bool descending = false, int? pageSize = null, {Token} cancellationToken = default) =>");
        writer.WriteLine($"    {target}QueryAsync({KeyValue(hashKey, Escape(hash))}, {Escape(range)}, limit, descending, pageSize, cancellationToken);");
    }

    private static string Parameter(DynamoKeySpec key)
    {
        var name = Names.ToCamelCase(key.Member);
        return name is "limit" or "descending" or "pageSize" or "cancellationToken" or "range" or "key" ? name + "Key" : name;
    }

    private static string Escape(string name) => SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

    private static string KeyValue(DynamoKeySpec key, string expression) =>
        key.Shape.Kind == ItemKind.Enum ? $"{Value}.FromEnum({expression})" : $"{Value}.From({expression})!";

    private static string TableKey(DynamoKeySpec key) => $"new {Dynamo}.TableKey({CSharp.Literal(key.Attribute)}, {Dynamo}.DynamoKeyType.{key.KeyType})";

    private static void WriteCapacity(SourceWriter writer, long? read, long? write)
    {
        if (read is { } r && write is { } w)
        {
            writer.WriteLine($"ReadCapacity = {Long(r)},");
            writer.WriteLine($"WriteCapacity = {Long(w)},");
        }
    }

    private static string Long(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void WriteMappers(SourceWriter writer, string className, string mappers, EquatableArray<ItemTypeSpec> types, string version)
    {
        // The mappers read possibly-missing attributes into members as declared; nullable reference analysis stays off here
        // (as for the BSON serializers) so that a member's annotations need not be repeated in every conversion.
        writer.WriteLine("#nullable disable");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Item mappers generated for the item types of the declared DynamoDB tables: no reflection, so native AOT keeps working.</summary>");
        writer.WriteLine(OutputEmitter.GeneratedCodeAttribute(version));
        writer.OpenBlock($"public static class {className}");
        var first = true;
        foreach (var type in types)
        {
            if (!first)
            {
                writer.WriteLine();
            }

            first = false;
            WriteMapper(writer, mappers, type);
        }

        writer.CloseBlock();
    }

    private static void WriteMapper(SourceWriter writer, string mappers, ItemTypeSpec type)
    {
        var access = type.IsPublic ? "public" : "internal";
        writer.WriteLine($"/// <summary>The item mapper of <see cref=\"{CSharp.DocText(type.FullName)}\"/>.</summary>");
        writer.OpenBlock($"{access} sealed class {type.MapperName} : {Dynamo}.IDynamoItemMapper<{type.FullName}>");
        writer.WriteLine("/// <summary>The one instance.</summary>");
        writer.WriteLine($"public static readonly {type.MapperName} Instance = new();");
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.OpenBlock($"public {Item} ToItem({type.FullName} item)");
        writer.WriteLine($"var result = new {Item}({type.Members.Count.ToString(CultureInfo.InvariantCulture)}, global::System.StringComparer.Ordinal);");
        foreach (var member in type.Members)
        {
            var write = member.IsEpochSeconds ? $"{Value}.FromEpochSeconds(item.{member.Name})" : Write(member.Value, "item." + member.Name, mappers);
            writer.WriteLine($"{Value}.Put(result, {CSharp.Literal(member.AttributeName)}, {write});");
        }

        writer.WriteLine("return result;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.OpenBlock($"public {type.FullName} FromItem({Item} item)");
        writer.OpenBlock($"var result = new {type.FullName}");
        var later = new System.Collections.Generic.List<ItemMemberSpec>();
        foreach (var member in type.Members)
        {
            var read = ReadMember(member, mappers);
            var shape = member.Value;
            if (!shape.IsReference || shape.IsNullableReference)
            {
                writer.WriteLine($"{member.Name} = {read},");
            }
            else if (shape.Kind == ItemKind.String)
            {
                writer.WriteLine($"{member.Name} = {read} ?? \"\",");
            }
            else if (member.Settable)
            {
                later.Add(member);
            }
            else
            {
                writer.WriteLine($"{member.Name} = {read} ?? {Empty(shape)},");
            }
        }

        writer.CloseBlock(";");
        var n = 0;
        foreach (var member in later)
        {
            // A non-nullable member keeps its initializer when the attribute is missing.
            var local = "value" + (n++).ToString(CultureInfo.InvariantCulture);
            writer.OpenBlock($"if ({ReadMember(member, mappers)} is {{ }} {local})");
            writer.WriteLine($"result.{member.Name} = {local};");
            writer.CloseBlock();
        }

        writer.WriteLine("return result;");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    private static string Empty(ItemShape shape) => shape.Kind switch
    {
        ItemKind.Bytes => "global::System.Array.Empty<byte>()",
        ItemKind.List when shape.TypeName.StartsWith("global::System.Collections.Generic.IReadOnlyList<", StringComparison.Ordinal) =>
            $"new global::System.Collections.Generic.List<{Declared(shape.Element!)}>()",
        _ => $"new {shape.TypeName}()",
    };

    private static string Declared(ItemShape shape) => shape.IsNullableValue ? shape.TypeName + "?" : shape.TypeName;

    private static string ReadMember(ItemMemberSpec member, string mappers)
    {
        var get = $"{Value}.Get(item, {CSharp.Literal(member.AttributeName)})";
        if (member.IsEpochSeconds)
        {
            var nullable = member.Value.IsNullableValue;
            return member.Value.Kind == ItemKind.DateTime
                ? (nullable ? $"{Value}.ToNullableEpochSeconds({get})?.UtcDateTime" : $"{Value}.ToEpochSeconds({get}).UtcDateTime")
                : (nullable ? $"{Value}.ToNullableEpochSeconds({get})" : $"{Value}.ToEpochSeconds({get})");
        }

        return Read(member.Value, get, mappers);
    }

    private static string Write(ItemShape shape, string value, string mappers) => shape.Kind switch
    {
        ItemKind.Enum => $"{Value}.FromEnum({value})",
        ItemKind.List => $"{Value}.FromList({value}, static v => {Write(shape.Element!, "v", mappers)})",
        ItemKind.Map => $"{Value}.FromMap({value}, static v => {Write(shape.Element!, "v", mappers)})",
        ItemKind.StringSet => $"{Value}.FromStringSet({value})",
        ItemKind.NumberSet => $"{Value}.FromNumberSet({value})",
        ItemKind.Object => $"{Value}.FromObject({value}, {mappers}.{shape.MapperName}.Instance)",
        _ => $"{Value}.From({value})",
    };

    private static string Read(ItemShape shape, string value, string mappers)
    {
        var nullable = shape.IsNullableValue ? "Nullable" : "";
        return shape.Kind switch
        {
            ItemKind.String => $"{Value}.ToString({value})",
            ItemKind.Boolean => $"{Value}.To{nullable}Boolean({value})",
            ItemKind.Int32 => $"{Value}.To{nullable}Int32({value})",
            ItemKind.Int64 => $"{Value}.To{nullable}Int64({value})",
            ItemKind.Double => $"{Value}.To{nullable}Double({value})",
            ItemKind.Decimal => $"{Value}.To{nullable}Decimal({value})",
            ItemKind.Guid => $"{Value}.To{nullable}Guid({value})",
            ItemKind.DateTime => $"{Value}.To{nullable}DateTime({value})",
            ItemKind.DateTimeOffset => $"{Value}.To{nullable}DateTimeOffset({value})",
            ItemKind.Bytes => $"{Value}.ToBytes({value})",
            ItemKind.Enum => $"{Value}.To{nullable}Enum<{shape.TypeName}>({value})",
            ItemKind.List => $"{Value}.ToList({value}, static v => {Read(shape.Element!, "v", mappers)})",
            ItemKind.Map => $"{Value}.ToMap({value}, static v => {Read(shape.Element!, "v", mappers)})",
            ItemKind.StringSet => $"{Value}.ToStringSet({value})",
            ItemKind.NumberSet => shape.Element!.Kind switch
            {
                ItemKind.Int32 => $"{Value}.ToInt32Set({value})",
                ItemKind.Int64 => $"{Value}.ToInt64Set({value})",
                ItemKind.Double => $"{Value}.ToDoubleSet({value})",
                _ => $"{Value}.ToDecimalSet({value})",
            },
            ItemKind.Object => $"{Value}.ToObject({value}, {mappers}.{shape.MapperName}.Instance)",
            _ => throw new InvalidOperationException("Unknown item kind " + shape.Kind),
        };
    }
}
