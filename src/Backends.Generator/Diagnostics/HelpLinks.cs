namespace Backends.Generator.Diagnostics;

/// <summary>
/// The help link of each diagnostic: its own section of the diagnostics page, <c>{page}#bg0001</c>. The page's address
/// is the MSBuild property <c>BackendsDiagnosticsUrl</c> of the generator's build (by default
/// <c>$(BackendsRepositoryUrl)/blob/main/docs/diagnostics.md</c>), written into <see cref="DiagnosticsPage"/> before the
/// generator compiles. With no address configured, descriptors carry no help link rather than one that leads nowhere.
/// </summary>
internal static partial class HelpLinks
{
    /// <summary>The link for the diagnostic <paramref name="id"/>, or null when the build configured no diagnostics page.</summary>
    public static string? For(string id) => For(DiagnosticsPage, id);

    /// <summary>The link for <paramref name="id"/> on <paramref name="page"/>: the page and the anchor <c>#bgNNNN</c>; null for no page.</summary>
    internal static string? For(string page, string id) =>
        page.Length == 0 ? null : page + "#" + id.ToLowerInvariant();
}
