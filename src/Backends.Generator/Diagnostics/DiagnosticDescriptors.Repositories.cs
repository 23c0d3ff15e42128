using Microsoft.CodeAnalysis;

namespace Backends.Generator.Diagnostics;

/// <summary>
/// The diagnostics of the repositories module (the top-level <c>"repositories"</c> section, <c>Db.Repositories</c>): in
/// the one catalogue, numbers from BG0120 on, tracked in AnalyzerReleases.Unshipped.md with the others.
/// </summary>
internal static partial class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor RepositoryNotDeclared = new(
        "BG0120",
        "Repository names no declared collection or table",
        "The repository '{0}' names '{1}', which is not declared: {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0120"));

    public static readonly DiagnosticDescriptor InvalidRepositoryReference = new(
        "BG0121",
        "Invalid repositories entry",
        "{0} is {1}: write {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0121"));

    public static readonly DiagnosticDescriptor NotARepository = new(
        "BG0122",
        "Declared data cannot be a repository",
        "The repository '{0}' names '{1}', which cannot be a repository: {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0122"));

    public static readonly DiagnosticDescriptor RepositoriesInOverlay = new(
        "BG0123",
        "Repositories declared in an overlay",
        "{0} declares repositories: declare them in backends.json only, as they shape the generated code (an overlay changes settings, not which backend holds the data)",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0123"));

    public static readonly DiagnosticDescriptor InvalidRepositoryName = new(
        "BG0124",
        "Invalid repository name",
        "The repository name '{0}' cannot be used: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0124"));
}
