namespace Backends.Generator;

/// <summary>The names of the tracked pipeline steps, so tests can check what was cached.</summary>
internal static class TrackingNames
{
    public const string Options = nameof(Options);
    public const string Adapters = nameof(Adapters);
    public const string ConfigFiles = nameof(ConfigFiles);
    public const string AllConfigFiles = nameof(AllConfigFiles);
    public const string Model = nameof(Model);

    /// <summary>The feature modules' generated handles, combined, as the core's accessors take them.</summary>
    public const string Handles = nameof(Handles);

    /// <summary>The feature modules' repository sources, combined, as the repositories module takes them.</summary>
    public const string RepositorySources = nameof(RepositorySources);

    /// <summary>Each connection's generated code, written in a step of its own.</summary>
    public const string ConnectionCode = nameof(ConnectionCode);
}
