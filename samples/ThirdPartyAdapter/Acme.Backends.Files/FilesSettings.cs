using Backends.Runtime;

namespace Acme.Backends.Files;

/// <summary>Settings of one file-backed store, as written under <c>"files"</c> in <c>backends.json</c>.</summary>
public sealed class FilesSettings : BackendSettings
{
    /// <summary>The directory that holds the entries, one file each; relative paths are relative to the working directory.</summary>
    [Setting(Required = true, Description = "The directory that holds the entries (one file per key).")]
    public string Directory { get; set; } = "";

    /// <summary>Create <see cref="Directory"/> at start-up when it does not exist. Default <see langword="true"/>.</summary>
    [Setting(Description = "Create the directory at start-up when it does not exist.")]
    public bool CreateDirectory { get; set; } = true;

    /// <summary>
    /// A base64 AES key (16, 24 or 32 bytes) that encrypts every value with AES-GCM; none stores values as they are.
    /// A secret: write <c>${env:NAME}</c> or <c>${file:PATH}</c>.
    /// </summary>
    [Setting(Secret = true, Description = "Base64 AES key (16, 24 or 32 bytes) that encrypts every value (AES-GCM).")]
    public string? EncryptionKey { get; set; }

    /// <summary>The largest value, in bytes, the store accepts. Default 1 MiB.</summary>
    [Setting(Min = 1, Max = 1073741824, Description = "The largest value, in bytes, the store accepts.")]
    public int MaxValueBytes { get; set; } = 1024 * 1024;
}
