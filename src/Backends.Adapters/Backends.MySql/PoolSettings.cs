using Backends.Runtime;

namespace Backends.MySql;

/// <summary>Connection pool limits.</summary>
public sealed class PoolSettings
{
    /// <summary>Connections kept open even when idle. Default 0.</summary>
    [Setting(Min = 0, Max = 1000, Description = "Connections kept open when idle.")]
    public int Min { get; set; }

    /// <summary>The most connections open at once. Default 100.</summary>
    [Setting(Min = 1, Max = 1000, Description = "The most connections open at once.")]
    public int Max { get; set; } = 100;

    /// <inheritdoc />
    public override string ToString() => $"{Min}..{Max}";
}
