namespace Backends.Runtime;

internal sealed class EmptyValueSource : IBackendValueSource
{
    public static readonly EmptyValueSource Instance = new();

    public string? GetValue(string path) => null;

    public IReadOnlyList<string>? GetList(string path) => null;
}
