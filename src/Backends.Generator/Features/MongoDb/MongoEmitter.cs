using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Backends.Generator.Emit;
using Backends.Generator.Features.DeclaredData;
using Backends.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Backends.Generator.Features.MongoDb;

/// <summary>
/// Writes <c>Db.MongoDb.g.cs</c>: for each connection that declares collections a handle class deriving from
/// <c>MongoDbBackend</c> with one typed accessor per collection, and a reflection-free BSON serializer per document
/// type (and per class those contain), registered with the driver once.
/// </summary>
internal static class MongoEmitter
{
    private const string Bson = "global::MongoDB.Bson";
    private const string Serialization = "global::MongoDB.Bson.Serialization";
    private const string Serializers = "global::MongoDB.Bson.Serialization.Serializers";
    private const string Helpers = "global::Backends.MongoDb.Serialization";

    public static void Emit(SourceProductionContext context, MongoGeneration generation) =>
        FeatureOutput.Emit(
            context,
            generation.Diagnostics,
            !generation.Connections.IsEmpty,
            () => Write(generation, OutputEmitter.Version),
            "writing the MongoDB collections",
            generation.ClassName + ".MongoDb.g.cs");

    public static string Write(MongoGeneration generation, string version)
    {
        var writer = new SourceWriter();
        OutputEmitter.WriteHeader(writer, generation.Namespace);
        var serializersClass = generation.ClassName + "BsonSerializers";
        DeclaredDataEmitter.WriteHandles(
            writer, generation.ClassName, generation.Connections, handle => WriteHandle(writer, handle, generation.Serializers.IsEmpty ? null : serializersClass, version));
        if (!generation.Serializers.IsEmpty)
        {
            writer.WriteLine();
            WriteSerializers(writer, serializersClass, generation.Serializers, version);
        }

        return writer.ToString();
    }

    private static void WriteHandle(SourceWriter writer, DeclaredHandleSpec<MongoCollectionSpec> mongo, string? serializersClass, string version)
    {
        DeclaredDataEmitter.OpenHandle(writer, mongo, "collections", "so that start-up ensures their indexes", version);
        if (serializersClass is not null)
        {
            writer.WriteLine($"{serializersClass}.Register();");
        }

        foreach (var collection in mongo.Items)
        {
            writer.WriteLine("RegisterCollection(");
            writer.WriteLine($"    new global::Backends.MongoDb.CollectionSpec({CSharp.Literal(collection.Name)})");
            writer.WriteLine("    {");
            if (!collection.Indexes.IsEmpty)
            {
                writer.WriteLine($"        Indexes = {IndexList(collection.Indexes)},");
            }

            if (!collection.Unique.IsEmpty)
            {
                writer.WriteLine($"        Unique = {IndexList(collection.Unique)},");
            }

            if (collection.TtlField is not null)
            {
                writer.WriteLine($"        Ttl = new global::Backends.MongoDb.TtlIndexSpec({CSharp.Literal(collection.TtlField)}, {collection.TtlSeconds.ToString(CultureInfo.InvariantCulture)}),");
            }

            if (collection.SerializerName is not null && serializersClass is not null)
            {
                writer.WriteLine("    },");
                writer.WriteLine($"    {serializersClass}.{collection.SerializerName}.Instance);");
            }
            else
            {
                writer.WriteLine("    });");
            }
        }

        writer.CloseBlock();
        foreach (var collection in mongo.Items)
        {
            writer.WriteLine();
            writer.WriteLine($"/// <summary>The collection <c>{CSharp.DocText(collection.Name)}</c> of <see cref=\"{CSharp.DocText(collection.DocumentType)}\"/> documents.</summary>");
            var access = collection.IsPublic ? "public" : "internal";
            var type = $"global::MongoDB.Driver.IMongoCollection<{collection.DocumentType}>";
            writer.WriteLine($"{access} {type} {collection.Identifier} => Collection<{collection.DocumentType}>({CSharp.Literal(collection.Name)});");
        }

        writer.CloseBlock();
    }

    private static string IndexList(EquatableArray<EquatableArray<string>> indexes) =>
        "new string[][] { " + string.Join(", ", indexes.Select(i => "new string[] { " + string.Join(", ", i.Select(CSharp.Literal)) + " }")) + " }";

    private static void WriteSerializers(SourceWriter writer, string className, EquatableArray<DocumentTypeSpec> types, string version)
    {
        // The serializers set members one by one and pass possibly-null values to the driver's serializers, which handle null.
        writer.WriteLine("#nullable disable");
        writer.WriteLine();
        writer.WriteLine("/// <summary>BSON serializers generated for the document types of the declared MongoDB collections: no reflection, so native AOT keeps working.</summary>");
        writer.WriteLine(OutputEmitter.GeneratedCodeAttribute(version));
        writer.OpenBlock($"internal static class {className}");
        writer.WriteLine("private static int s_registered;");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Registers every generated serializer with the driver, once per process.</summary>");
        writer.OpenBlock("public static void Register()");
        writer.OpenBlock("if (global::System.Threading.Interlocked.Exchange(ref s_registered, 1) == 1)");
        writer.WriteLine("return;");
        writer.CloseBlock();
        writer.WriteLine();
        foreach (var type in types)
        {
            writer.WriteLine($"TryRegister({type.SerializerName}.Instance);");
        }

        var roots = ValueTypeShapes(types);
        if (roots.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("// Native AOT: the driver's expression renderer (Filter.Gt(u => u.Age, ..), Sort.Descending(u => u.Age), ...) wraps the");
            writer.WriteLine("// serializer of a value-type member in DowncastingSerializer<object, T>, made with MakeGenericType. Creating each");
            writer.WriteLine("// instantiation once here is what makes the AOT compiler generate its code; under JIT it costs a few objects.");
            foreach (var shape in roots)
            {
                writer.WriteLine($"global::System.GC.KeepAlive(new {Serializers}.DowncastingSerializer<object, {shape.DeclaredType}>({SerializerFor(shape)}));");
            }
        }

        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock($"private static void TryRegister<T>({Serialization}.IBsonSerializer<T> serializer)");
        writer.OpenBlock("try");
        writer.WriteLine($"{Serialization}.BsonSerializer.TryRegisterSerializer(serializer);");
        writer.CloseBlock();
        writer.OpenBlock($"catch ({Bson}.BsonSerializationException)");
        writer.WriteLine("// The application registered a serializer of its own for this type first: keep it.");
        writer.CloseBlock();
        writer.CloseBlock();
        foreach (var type in types)
        {
            writer.WriteLine();
            WriteSerializer(writer, type);
        }

        writer.CloseBlock();
    }

    private static void WriteSerializer(SourceWriter writer, DocumentTypeSpec type)
    {
        var t = type.FullName;
        writer.WriteLine($"/// <summary><see cref=\"{CSharp.DocText(t)}\"/> as a BSON document.</summary>");
        writer.OpenBlock($"public sealed class {type.SerializerName} : {Serializers}.SerializerBase<{t}>, {Serialization}.IBsonDocumentSerializer, {Serialization}.IBsonIdProvider");
        writer.WriteLine("/// <summary>The one instance, registered with the driver.</summary>");
        writer.WriteLine($"public static readonly {type.SerializerName} Instance = new();");
        if (type.Problem is not null)
        {
            // Reported as an error at build time; the class exists so that the rest of the generated code compiles.
            var message = CSharp.Literal($"{type.DisplayName} cannot be stored by a generated BSON serializer: {type.Problem}");
            writer.WriteLine();
            writer.WriteLine($"public override {t} Deserialize({Serialization}.BsonDeserializationContext context, {Serialization}.BsonDeserializationArgs args) => throw new global::System.NotSupportedException({message});");
            writer.WriteLine();
            writer.WriteLine($"public override void Serialize({Serialization}.BsonSerializationContext context, {Serialization}.BsonSerializationArgs args, {t} value) => throw new global::System.NotSupportedException({message});");
            writer.WriteLine();
            writer.WriteLine($"public bool TryGetMemberSerializationInfo(string memberName, out {Serialization}.BsonSerializationInfo serializationInfo) {{ serializationInfo = null; return false; }}");
            writer.WriteLine();
            writer.WriteLine($"public bool GetDocumentId(object document, out object id, out global::System.Type idNominalType, out {Serialization}.IIdGenerator idGenerator) {{ id = null; idNominalType = null; idGenerator = null; return false; }}");
            writer.WriteLine();
            writer.WriteLine("public void SetDocumentId(object document, object id) { }");
            writer.CloseBlock();
            return;
        }

        var members = type.Members;
        if (members.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("// One serializer per member, created on first use, so that classes that contain each other initialise in any order.");
        }

        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            var declared = member.Value.DeclaredType;
            writer.WriteLine();
            writer.WriteLine($"// {CSharp.CommentText(member.Name)} as \"{CSharp.CommentText(member.ElementName)}\"");
            writer.WriteLine($"private static {Serialization}.IBsonSerializer<{declared}> s_m{i};");
            writer.WriteLine();
            writer.WriteLine($"private static {Serialization}.IBsonSerializer<{declared}> M{i} => s_m{i} ??= {SerializerFor(member.Value)};");
        }

        // Deserialize
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.OpenBlock($"public override {t} Deserialize({Serialization}.BsonDeserializationContext context, {Serialization}.BsonDeserializationArgs args)");
        writer.WriteLine("var reader = context.Reader;");
        writer.OpenBlock($"if (reader.GetCurrentBsonType() == {Bson}.BsonType.Null)");
        writer.WriteLine("reader.ReadNull();");
        writer.WriteLine("return null;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"var document = new {t}();");
        writer.WriteLine("reader.ReadStartDocument();");
        writer.OpenBlock($"while (reader.ReadBsonType() != {Bson}.BsonType.EndOfDocument)");
        writer.OpenBlock("switch (global::MongoDB.Bson.IO.IBsonReaderExtensions.ReadName(reader))");
        for (var i = 0; i < members.Count; i++)
        {
            writer.WriteLine($"case {CSharp.Literal(members[i].ElementName)}:");
            writer.WriteLine($"    document.{Escape(members[i].Name)} = {Serialization}.IBsonSerializerExtensions.Deserialize(M{i}, context);");
            writer.WriteLine("    break;");
        }

        writer.WriteLine("default:");
        writer.WriteLine("    reader.SkipValue(); // an element this type does not store: skipped, as the driver's class maps do with [BsonIgnoreExtraElements]");
        writer.WriteLine("    break;");
        writer.CloseBlock();
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("reader.ReadEndDocument();");
        writer.WriteLine("return document;");
        writer.CloseBlock();

        // Serialize
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.OpenBlock($"public override void Serialize({Serialization}.BsonSerializationContext context, {Serialization}.BsonSerializationArgs args, {t} value)");
        writer.WriteLine("var writer = context.Writer;");
        writer.OpenBlock("if (value is null)");
        writer.WriteLine("writer.WriteNull();");
        writer.WriteLine("return;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("writer.WriteStartDocument();");
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            var canBeNull = member.Value.IsReference || member.Value.IsNullableValue;
            if (member.IgnoreIfNull && canBeNull)
            {
                writer.OpenBlock($"if (value.{Escape(member.Name)} is not null)");
            }

            writer.WriteLine($"writer.WriteName({CSharp.Literal(member.ElementName)});");
            writer.WriteLine($"{Serialization}.IBsonSerializerExtensions.Serialize(M{i}, context, value.{Escape(member.Name)});");
            if (member.IgnoreIfNull && canBeNull)
            {
                writer.CloseBlock();
            }
        }

        writer.WriteLine("writer.WriteEndDocument();");
        writer.CloseBlock();

        // IBsonDocumentSerializer
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.OpenBlock($"public bool TryGetMemberSerializationInfo(string memberName, out {Serialization}.BsonSerializationInfo serializationInfo)");
        writer.OpenBlock("switch (memberName)");
        var labels = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            var any = false;
            foreach (var label in new[] { member.Name, member.ElementName })
            {
                if (labels.Add(label))
                {
                    writer.WriteLine($"case {CSharp.Literal(label)}:");
                    any = true;
                }
            }

            if (any)
            {
                writer.WriteLine($"    serializationInfo = new {Serialization}.BsonSerializationInfo({CSharp.Literal(member.ElementName)}, M{i}, typeof({member.Value.DeclaredType}));");
                writer.WriteLine("    return true;");
            }
        }

        writer.WriteLine("default:");
        writer.WriteLine("    serializationInfo = null;");
        writer.WriteLine("    return false;");
        writer.CloseBlock();
        writer.CloseBlock();

        // IBsonIdProvider
        var id = members.FirstOrDefault(m => m.IsId);
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.OpenBlock($"public bool GetDocumentId(object document, out object id, out global::System.Type idNominalType, out {Serialization}.IIdGenerator idGenerator)");
        if (id is null)
        {
            writer.WriteLine("// The type stores no id: the server adds one, and reading skips it.");
            writer.WriteLine("id = null;");
            writer.WriteLine("idNominalType = null;");
            writer.WriteLine("idGenerator = null;");
            writer.WriteLine("return false;");
        }
        else
        {
            writer.WriteLine($"id = (({t})document).{Escape(id.Name)};");
            writer.WriteLine($"idNominalType = typeof({id.Value.DeclaredType});");
            writer.WriteLine($"idGenerator = {IdGenerator(id.Value)};");
            writer.WriteLine("return true;");
        }

        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.OpenBlock("public void SetDocumentId(object document, object id)");
        if (id is not null)
        {
            writer.WriteLine($"(({t})document).{Escape(id.Name)} = ({id.Value.DeclaredType})id;");
        }

        writer.CloseBlock();
        writer.CloseBlock();
    }

    /// <summary>The distinct value types stored by <paramref name="types"/> (members and list items), in a fixed order.</summary>
    private static List<ValueShape> ValueTypeShapes(EquatableArray<DocumentTypeSpec> types)
    {
        var byName = new SortedDictionary<string, ValueShape>(StringComparer.Ordinal);
        foreach (var member in types.Where(t => t.Problem is null).SelectMany(t => t.Members))
        {
            for (var shape = member.Value; shape is not null; shape = shape.Element)
            {
                if (!shape.IsReference && shape.Kind != ShapeKind.Document)
                {
                    // Representation does not change the type; the first one seen is as good as any for rooting.
                    if (!byName.ContainsKey(shape.DeclaredType))
                    {
                        byName[shape.DeclaredType] = shape;
                    }
                }
            }
        }

        return [.. byName.Values];
    }

    private static string IdGenerator(ValueShape id) => id switch
    {
        { Kind: ShapeKind.ObjectId, IsNullableValue: false } => $"{Serialization}.IdGenerators.ObjectIdGenerator.Instance",
        { Kind: ShapeKind.Guid, IsNullableValue: false } => $"{Serialization}.IdGenerators.GuidGenerator.Instance",
        { Kind: ShapeKind.String, Representation: "ObjectId" } => $"{Serialization}.IdGenerators.StringObjectIdGenerator.Instance",
        _ => "null",
    };

    /// <summary>The expression that creates the serializer of one value, without reflection.</summary>
    private static string SerializerFor(ValueShape shape)
    {
        var inner = shape.Kind switch
        {
            ShapeKind.String => WithRepresentation($"{Serializers}.StringSerializer", shape.Representation),
            ShapeKind.Boolean => WithRepresentation($"{Serializers}.BooleanSerializer", shape.Representation),
            ShapeKind.Int32 => WithRepresentation($"{Serializers}.Int32Serializer", shape.Representation),
            ShapeKind.Int64 => WithRepresentation($"{Serializers}.Int64Serializer", shape.Representation),
            ShapeKind.Double => WithRepresentation($"{Serializers}.DoubleSerializer", shape.Representation),
            ShapeKind.Decimal => WithRepresentation($"{Serializers}.DecimalSerializer", shape.Representation ?? "Decimal128"),
            ShapeKind.Guid => shape.Representation is null
                ? $"new {Serializers}.GuidSerializer({Bson}.GuidRepresentation.Standard)"
                : WithRepresentation($"{Serializers}.GuidSerializer", shape.Representation),
            ShapeKind.DateTime => $"new {Serializers}.DateTimeSerializer(global::System.DateTimeKind.Utc, {Bson}.BsonType.{shape.Representation ?? "DateTime"})",
            ShapeKind.DateTimeOffset => WithRepresentation($"{Serializers}.DateTimeOffsetSerializer", shape.Representation ?? "DateTime"),
            ShapeKind.ObjectId => WithRepresentation($"{Serializers}.ObjectIdSerializer", shape.Representation),
            ShapeKind.Bytes => WithRepresentation($"{Serializers}.ByteArraySerializer", shape.Representation),
            ShapeKind.Enum => WithRepresentation($"{Serializers}.EnumSerializer<{shape.TypeName}>", shape.Representation),
            ShapeKind.Document => $"{shape.SerializerName}.Instance",
            ShapeKind.List => $"new {Helpers}.BsonListSerializer<{shape.Element!.DeclaredType}>({SerializerFor(shape.Element)})",
            ShapeKind.ReadOnlyList => $"new {Helpers}.BsonReadOnlyListSerializer<{shape.Element!.DeclaredType}>({SerializerFor(shape.Element)})",
            ShapeKind.Array => $"new {Serializers}.ArraySerializer<{shape.Element!.DeclaredType}>({SerializerFor(shape.Element)})",
            ShapeKind.Dictionary => $"new {Helpers}.BsonStringDictionarySerializer<{shape.Element!.DeclaredType}>({SerializerFor(shape.Element)})",
            _ => throw new InvalidOperationException("Unknown shape " + shape.Kind),
        };

        return shape.IsNullableValue ? $"new {Serializers}.NullableSerializer<{shape.TypeName}>({inner})" : inner;
    }

    private static string WithRepresentation(string type, string? representation) =>
        representation is null ? $"new {type}()" : $"new {type}({Bson}.BsonType.{representation})";

    private static string Escape(string name) => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? name : "@" + name;
}
