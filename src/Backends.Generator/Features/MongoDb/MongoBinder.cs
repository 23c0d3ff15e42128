using System;
using System.Collections.Generic;
using System.Linq;
using Backends.Generator.Diagnostics;
using Backends.Generator.Features.DeclaredData;
using Backends.Generator.Model;
using Backends.Generator.Naming;

namespace Backends.Generator.Features.MongoDb;

/// <summary>
/// Joins the declared collections with the bound core model and the document types: names each collection's accessor,
/// checks names, types and index fields, describes the handle class generated for each connection that declares
/// collections, and picks the serializers to generate. Reads the core model; never changes it.
/// </summary>
internal static class MongoBinder
{
    public static MongoGeneration Bind(GenerationSpec spec, Declarations<CollectionDeclaration> declarations, DocumentModel documents, bool serializers)
    {
        if (declarations.IsEmpty)
        {
            return MongoGeneration.Empty;
        }

        var diagnostics = new List<DiagnosticInfo>(declarations.Diagnostics);
        diagnostics.AddRange(documents.Diagnostics);
        if (!spec.ShouldEmit)
        {
            return MongoGeneration.Empty with { Diagnostics = diagnostics.ToEquatableArray() };
        }

        var types = documents.TypesByName(t => t.FullName);
        var lookups = documents.LookupsByName();
        var used = new List<string>();
        var reportedMembers = new HashSet<string>(StringComparer.Ordinal);
        var handles = new List<DeclaredHandleSpec<MongoCollectionSpec>>();
        var repositories = new List<RepositorySource>();
        foreach (var connection in DeclaredDataBinder.Connections(spec, MongoCollectionReader.Kind, declarations))
        {
            // A collection's accessor must not hide what the class inherits, nor take the class's own name.
            var reserved = connection.ReservedNames();
            var collections = new List<MongoCollectionSpec>();
            foreach (var collection in declarations.Of(connection.Connection.Name))
            {
                if (Bind(collection, collections, reserved, connection.ClassName, lookups, types, serializers, diagnostics, reportedMembers) is { } bound)
                {
                    collections.Add(bound);
                    if (bound.SerializerName is not null)
                    {
                        used.Add(bound.DocumentType);
                    }

                    repositories.Add(MongoRepositorySources.For(connection.HandleAccess, connection.Connection.FullName, collection, types[bound.DocumentType]));
                }
                else
                {
                    repositories.Add(DeclaredRepositorySources.Unbound(connection.Connection.FullName, collection));
                }
            }

            handles.Add(connection.Handle(collections.ToEquatableArray()));
        }

        var emitted = serializers ? Reachable(used, types) : EquatableArray<DocumentTypeSpec>.Empty;
        return new MongoGeneration(spec.Namespace, spec.ClassName, handles.ToEquatableArray(), emitted, diagnostics.ToEquatableArray())
        {
            RepositorySources = repositories.ToEquatableArray(),
        };
    }

    private static MongoCollectionSpec? Bind(
        CollectionDeclaration collection,
        List<MongoCollectionSpec> earlier,
        HashSet<string> reserved,
        string className,
        Dictionary<string, TypeLookup> lookups,
        Dictionary<string, DocumentTypeSpec> types,
        bool serializers,
        List<DiagnosticInfo> diagnostics,
        HashSet<string> reportedMembers)
    {
        var identifier = Names.ToPascalCase(collection.Name);
        if (InvalidNameReason(collection.Name, identifier, reserved, className) is { } reason)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCollectionName, collection.NameLocation, MessageText.Shorten(collection.Name), reason));
            return null;
        }

        if (earlier.FirstOrDefault(c => string.Equals(c.Identifier, identifier, StringComparison.OrdinalIgnoreCase)) is { } clash)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.InvalidCollectionName, collection.NameLocation, MessageText.Shorten(collection.Name), DeclaredDataBinder.Collision(identifier, clash.Name)));
            return null;
        }

        if (!lookups.TryGetValue(collection.TypeName, out var lookup) || lookup.FullName is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.DocumentTypeNotFound,
                collection.TypeLocation,
                MessageText.Shorten(collection.TypeName),
                MessageText.Shorten(collection.Name),
                lookup?.Suggestion ?? "write the document class's full name with its namespace"));
            return null;
        }

        var type = types[lookup.FullName];
        if (serializers)
        {
            foreach (var reachable in Reachable([type.FullName], types))
            {
                if (reachable.Problem is not null && reportedMembers.Add(reachable.FullName))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedDocumentType, collection.TypeLocation, reachable.DisplayName, reachable.Problem));
                }

                foreach (var member in reachable.InitOnlyMembers)
                {
                    if (reportedMembers.Add(reachable.FullName + "." + member))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InitOnlyMember, collection.TypeLocation, reachable.DisplayName, member));
                    }
                }

                foreach (var member in reachable.UnsupportedMembers)
                {
                    if (reportedMembers.Add(reachable.FullName + "." + member.Name))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedMember, collection.TypeLocation, reachable.DisplayName, member.Name, member.TypeName));
                    }
                }
            }

            CheckIndexFields(collection, type, types, diagnostics);
        }

        return new MongoCollectionSpec(
            collection.Name,
            identifier,
            type.FullName,
            serializers ? type.SerializerName : null,
            type.IsPublic,
            collection.Indexes.Select(i => i.Fields.Select(f => f.Text).ToEquatableArray()).ToEquatableArray(),
            collection.Unique.Select(i => i.Fields.Select(f => f.Text).ToEquatableArray()).ToEquatableArray(),
            collection.Ttl?.Field.Text,
            collection.Ttl?.Seconds ?? 0);
    }

    private static void CheckIndexFields(CollectionDeclaration collection, DocumentTypeSpec type, Dictionary<string, DocumentTypeSpec> types, List<DiagnosticInfo> diagnostics)
    {
        if (type.Problem is not null)
        {
            return;
        }

        var fields = collection.Indexes.Concat(collection.Unique).SelectMany(i => i.Fields).ToList();
        if (collection.Ttl is { } ttl)
        {
            fields.Add(ttl.Field);
        }

        foreach (var field in fields)
        {
            var current = type;
            var segments = field.Path.Split('.');
            for (var i = 0; i < segments.Length && current is not null; i++)
            {
                var member = current.Members.FirstOrDefault(m => m.ElementName == segments[i]);
                if (member is null)
                {
                    var advice = DeclaredDataBinder.UnknownMemberAdvice(segments[i], current.Members.Select(m => m.ElementName).ToList(), current.DisplayName, "fields");
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnknownIndexField,
                        field.Location,
                        MessageText.Shorten(field.Path),
                        MessageText.Shorten(collection.Name),
                        current.DisplayName,
                        advice));
                    break;
                }

                // A dotted path goes on into a nested document (or the documents of a list); anything else ends the check.
                var shape = member.Value.Element ?? member.Value;
                current = shape.Kind == ShapeKind.Document && types.TryGetValue(shape.TypeName, out var nested) ? nested : null;
            }
        }
    }

    private static string? InvalidNameReason(string name, string identifier, HashSet<string> reserved, string className)
    {
        if (name.Length == 0)
        {
            return "it is empty";
        }

        if (name.IndexOf('$') >= 0 || name.IndexOf('\0') >= 0)
        {
            return "MongoDB collection names cannot contain '$' or a NUL character";
        }

        if (name.StartsWith("system.", StringComparison.Ordinal))
        {
            return "names starting with 'system.' are reserved by MongoDB";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(name) > 200)
        {
            return "it is longer than 200 bytes; choose a shorter name";
        }

        return DeclaredDataBinder.AccessorProblem(identifier, className, reserved, "use letters, digits, '-', '_' or '.', starting with a letter");
    }

    /// <summary>The types reachable from <paramref name="roots"/> through stored members, in serializer name order.</summary>
    private static EquatableArray<DocumentTypeSpec> Reachable(IEnumerable<string> roots, Dictionary<string, DocumentTypeSpec> types) =>
        DeclaredDataBinder.Reachable(roots, types, NestedDocuments, t => t.SerializerName);

    private static IEnumerable<string> NestedDocuments(DocumentTypeSpec type)
    {
        foreach (var member in type.Members)
        {
            for (var shape = member.Value; shape is not null; shape = shape.Element)
            {
                if (shape.Kind == ShapeKind.Document)
                {
                    yield return shape.TypeName;
                }
            }
        }
    }
}
