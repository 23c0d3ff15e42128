using Backends.Generator.Model;

namespace Backends.Generator.Features.DeclaredData;

/// <summary>What a declaration contributes to <c>"repositories"</c> when it is not a repository.</summary>
internal static class DeclaredRepositorySources
{
    /// <summary>A declaration that could not be bound: its errors are reported on it.</summary>
    /// <param name="connection">The connection's full name, <c>mongodb.events</c>.</param>
    /// <param name="declaration">The declaration.</param>
    public static RepositorySource Unbound(string connection, IDeclaration declaration) =>
        NotARepository(connection + "." + declaration.Name, declaration.TypeName, declaration, "its declaration has errors, reported where it is written");

    /// <summary>A declaration that is no repository, and why.</summary>
    /// <param name="path">Its path in <c>"repositories"</c>, <c>mongodb.events.users</c>.</param>
    /// <param name="itemType">Its class.</param>
    /// <param name="declaration">The declaration.</param>
    /// <param name="reason">Why it is no repository.</param>
    public static RepositorySource NotARepository(string path, string itemType, IDeclaration declaration, string reason) =>
        new(path, itemType, "", "", EquatableArray<string>.Empty, reason, declaration.NameLocation);
}
