namespace Backends.Runtime;

/// <summary>The connections of one backend kind.</summary>
public sealed class BackendGroup
{
    private readonly Dictionary<string, IBackendConnection> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IBackendConnection> _all = [];

    internal BackendGroup(string backend) => Name = backend;

    /// <summary>The kind, <c>"mysql"</c>.</summary>
    public string Name { get; }

    /// <summary>The kind's connections in declaration order.</summary>
    public IReadOnlyList<IBackendConnection> All => _all;

    /// <summary>Returns the connection named <paramref name="name"/> within this kind (<c>"demo"</c>).</summary>
    public IBackendConnection Get(string name) =>
        _byName.TryGetValue(name, out var connection)
            ? connection
            : throw new KeyNotFoundException($"No {Name} connection named '{name}'; declared: {string.Join(", ", _byName.Keys)}.");

    internal void Add(IBackendConnection connection)
    {
        _all.Add(connection);
        _byName[connection.ConnectionName] = connection;
    }
}
