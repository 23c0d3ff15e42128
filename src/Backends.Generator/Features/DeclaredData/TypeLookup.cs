namespace Backends.Generator.Features.DeclaredData;

/// <summary>What a type name written in backends.json resolved to.</summary>
/// <param name="RequestedName">The name as written.</param>
/// <param name="FullName">The type's global::-qualified name when found.</param>
/// <param name="Suggestion">A did-you-mean when not found.</param>
internal sealed record TypeLookup(string RequestedName, string? FullName, string? Suggestion);
