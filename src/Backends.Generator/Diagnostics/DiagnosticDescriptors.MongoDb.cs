using Microsoft.CodeAnalysis;

namespace Backends.Generator.Diagnostics;

/// <summary>
/// The diagnostics of the MongoDB feature module, declared MongoDB collections (<c>"collections"</c> under a
/// <c>mongodb</c> connection): in the one catalogue, numbers from BG0100 on, tracked in AnalyzerReleases.Unshipped.md
/// with the others. A feature module's diagnostics live in a part of their own, so the next one adds a file.
/// </summary>
internal static partial class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor InvalidCollectionDeclaration = new(
        "BG0100",
        "Invalid collection declaration",
        "{0} is {1}: write {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0100"));

    public static readonly DiagnosticDescriptor InvalidCollectionName = new(
        "BG0101",
        "Invalid collection name",
        "The collection name '{0}' cannot be used: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0101"));

    public static readonly DiagnosticDescriptor DocumentTypeNotFound = new(
        "BG0102",
        "Document type not found",
        "The type '{0}' of the collection '{1}' is not in the compilation: {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0102"));

    public static readonly DiagnosticDescriptor UnsupportedDocumentType = new(
        "BG0103",
        "Type cannot be a document type",
        "{0} cannot be stored by a generated BSON serializer: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0103"));

    public static readonly DiagnosticDescriptor UnsupportedMember = new(
        "BG0104",
        "Member type not supported by the generated BSON serializer",
        "The member {0}.{1} has the type {2}, which the generated BSON serializer cannot store: mark it [BsonIgnore], or use a supported type (string, bool, int, long, double, decimal, Guid, DateTime, DateTimeOffset, ObjectId, byte[], an enum, a class with a parameterless constructor, List<T>, T[], IReadOnlyList<T>, Dictionary<string, T>, or Nullable<T> of these)",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0104"));

    public static readonly DiagnosticDescriptor UnknownIndexField = new(
        "BG0105",
        "Index field is not a stored member",
        "The index field '{0}' of the collection '{1}' is not a stored field of {2}: {3}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0105"));

    public static readonly DiagnosticDescriptor InitOnlyMember = new(
        "BG0107",
        "Init-only member not settable by the generated BSON serializer",
        "The member {0}.{1} has an init-only setter, which the generated BSON serializer cannot set: give it a public set accessor, or mark it [BsonIgnore]",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0107"));

    public static readonly DiagnosticDescriptor CollectionsInOverlay = new(
        "BG0106",
        "Collections declared in an overlay",
        "{0} declares collections for {1}: declare collections in backends.json only, as they shape the generated code",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0106"));
}
