namespace Backends.Runtime;

/// <summary>
/// Where run-time overrides of <c>backends.json</c> values come from. Paths are colon-separated and
/// case-insensitive: <c>mysql:demo:password</c>, <c>mysql:demo:hosts:0</c>.
/// </summary>
public interface IBackendValueSource
{
    /// <summary>Returns the override for <paramref name="path"/>, or <see langword="null"/> when there is none.</summary>
    string? GetValue(string path);

    /// <summary>Returns the items under <paramref name="path"/> (<c>path:0</c>, <c>path:1</c>, ...), or <see langword="null"/> when there are none.</summary>
    IReadOnlyList<string>? GetList(string path);
}
