using Acme.Backends.Files;
using Backends.Testing;

namespace Backends.Adapters.Tests.ThirdParty;

/// <summary>
/// The shared key/value conformance suite against the worked third-party adapter (samples/ThirdPartyAdapter), values
/// stored as they are: a third-party adapter passes the same cases as the built-in ones.
/// </summary>
public sealed class FilesKeyValueConformanceTests : KeyValueStoreConformance<FilesBackend>, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("backendgen-files-kv-");

    protected override FilesBackend CreateStore() => new("conformance", new FilesSettings { Directory = _directory.FullName });

    public void Dispose() => _directory.Delete(recursive: true);
}

/// <summary>The same suite with every value encrypted (AES-GCM under a configured key).</summary>
public sealed class FilesEncryptedKeyValueConformanceTests : KeyValueStoreConformance<FilesBackend>, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("backendgen-files-kv-aes-");

    protected override FilesBackend CreateStore() => new("encrypted", new FilesSettings
    {
        Directory = _directory.FullName,
        EncryptionKey = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7 + 1)).ToArray()),
    });

    public void Dispose() => _directory.Delete(recursive: true);
}
