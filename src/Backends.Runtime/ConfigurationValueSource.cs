using Microsoft.Extensions.Configuration;

namespace Backends.Runtime;

/// <summary>Reads overrides from the <c>Backends</c> section of an <see cref="IConfiguration"/>.</summary>
public sealed class ConfigurationValueSource : IBackendValueSource
{
    /// <summary>The configuration section that holds overrides.</summary>
    public const string SectionName = "Backends";

    private readonly IConfiguration _section;

    /// <summary>Reads from <c>configuration.GetSection("Backends")</c>.</summary>
    public ConfigurationValueSource(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _section = configuration.GetSection(SectionName);
    }

    /// <inheritdoc />
    public string? GetValue(string path) => _section[path];

    /// <inheritdoc />
    public IReadOnlyList<string>? GetList(string path) => ValueSourceLists.Collect(this, path);
}
