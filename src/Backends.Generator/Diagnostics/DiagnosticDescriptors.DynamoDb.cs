using Microsoft.CodeAnalysis;

namespace Backends.Generator.Diagnostics;

/// <summary>
/// The diagnostics of the DynamoDB feature module, declared DynamoDB tables (<c>"tables"</c> under a <c>dynamodb</c>
/// connection): in the one catalogue, numbers from BG0110 on, next to MongoDB's BG0100 group, tracked in
/// AnalyzerReleases.Unshipped.md with the others.
/// </summary>
internal static partial class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor InvalidTableDeclaration = new(
        "BG0110",
        "Invalid table declaration",
        "{0} is {1}: write {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0110"));

    public static readonly DiagnosticDescriptor InvalidTableName = new(
        "BG0111",
        "Invalid table or index name",
        "The {0} name '{1}' cannot be used: {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0111"));

    public static readonly DiagnosticDescriptor ItemTypeNotFound = new(
        "BG0112",
        "Item type not found",
        "The type '{0}' of the table '{1}' is not in the compilation: {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0112"));

    public static readonly DiagnosticDescriptor UnsupportedItemType = new(
        "BG0113",
        "Type cannot be an item type",
        "{0} cannot be mapped by a generated DynamoDB item mapper: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0113"));

    public static readonly DiagnosticDescriptor UnsupportedItemMember = new(
        "BG0114",
        "Member type not supported by the generated item mapper",
        "The member {0}.{1} has the type {2}, which the generated DynamoDB item mapper cannot store: mark it [DynamoDBIgnore], or use a supported type (string, bool, int, long, double, decimal, Guid, DateTime, DateTimeOffset, byte[], an enum, a class with a parameterless constructor, List<T>, IReadOnlyList<T>, HashSet<string>, HashSet<int|long|double|decimal>, Dictionary<string, T>, or Nullable<T> of these)",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0114"));

    public static readonly DiagnosticDescriptor UnknownKeyAttribute = new(
        "BG0115",
        "Table key is not a stored member",
        "The {0} '{1}' of the table '{2}' is not a stored attribute of {3}: {4}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0115"));

    public static readonly DiagnosticDescriptor InvalidKeyType = new(
        "BG0116",
        "Member cannot be a table key",
        "The {0} '{1}' of the table '{2}' is the member {3} of type {4}, which {5}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0116"));

    public static readonly DiagnosticDescriptor CapacityOnOneSide = new(
        "BG0117",
        "Capacity given on one side only",
        "{0} sets \"{1}\" without \"{2}\": give both for provisioned capacity, or neither for on-demand billing",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0117"));

    public static readonly DiagnosticDescriptor TablesInOverlay = new(
        "BG0118",
        "Tables declared in an overlay",
        "{0} declares tables for {1}: declare tables in backends.json only, as they shape the generated code",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0118"));
}
