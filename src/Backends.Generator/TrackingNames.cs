namespace Backends.Generator;

/// <summary>The names of the tracked pipeline steps, so tests can check what was cached.</summary>
internal static class TrackingNames
{
    public const string Options = nameof(Options);
    public const string Adapters = nameof(Adapters);
    public const string ConfigFiles = nameof(ConfigFiles);
    public const string AllConfigFiles = nameof(AllConfigFiles);
    public const string Model = nameof(Model);
    public const string ConnectionCode = nameof(ConnectionCode);
}
