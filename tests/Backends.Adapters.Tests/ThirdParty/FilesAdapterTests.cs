using System.Text;
using Acme.Backends.Files;
using Backends.Runtime;

namespace Backends.Adapters.Tests.ThirdParty;

/// <summary>
/// The worked third-party adapter keeps its secret out of every text the library shows, and stores no plaintext when
/// it encrypts: what docs/adapters.md promises of it.
/// </summary>
public sealed class FilesAdapterTests : IDisposable
{
    // A distinctive key, so that a search for it cannot match by accident.
    private static readonly string s_key = Convert.ToBase64String(Encoding.ASCII.GetBytes("acme-files-secret-key-0123456789"));

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("backendgen-files-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Settings_ToString_shows_the_encryption_key_as_stars()
    {
        var settings = new FilesSettings { Directory = _directory.FullName, EncryptionKey = s_key };

        var text = settings.ToString();

        Assert.DoesNotContain(s_key, text, StringComparison.Ordinal);
        Assert.Contains("encryptionKey = ***", text, StringComparison.Ordinal);
        Assert.Contains(_directory.FullName, text, StringComparison.Ordinal); // the generated schema describes every setting, not only secrets
        Assert.Equal([s_key], settings.GetSecrets());
    }

    [Fact]
    public async Task Handle_ToString_and_Config_hide_the_encryption_key()
    {
        await using var files = new FilesBackend("notes", new FilesSettings { Directory = _directory.FullName, EncryptionKey = s_key });
        await files.ConfigureAsync();

        Assert.Equal("files.notes (Ready)", files.ToString());
        Assert.DoesNotContain(s_key, files.Config.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", files.Config.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encrypted_values_are_not_on_disk_in_plaintext_and_read_back()
    {
        await using var files = new FilesBackend("notes", new FilesSettings { Directory = _directory.FullName, EncryptionKey = s_key });
        await files.ConfigureAsync();
        var value = Encoding.UTF8.GetBytes("plaintext that must not reach the disk");

        await files.SetBytesAsync("note:1", value);

        var stored = Assert.Single(Directory.GetFiles(_directory.FullName, "*.entry"));
        Assert.Equal(-1, File.ReadAllBytes(stored).AsSpan().IndexOf(value));
        Assert.Equal(value, await files.GetBytesAsync("note:1"));
        Assert.True(files.Instance.IsEncrypted);
    }

    [Fact]
    public async Task A_value_written_under_another_key_is_an_error_not_garbage()
    {
        var other = Convert.ToBase64String(new byte[32]);
        await using (var writer = new FilesBackend("notes", new FilesSettings { Directory = _directory.FullName, EncryptionKey = other }))
        {
            await writer.ConfigureAsync();
            await writer.SetBytesAsync("note:1", new byte[] { 1, 2, 3 });
        }

        await using var reader = new FilesBackend("notes", new FilesSettings { Directory = _directory.FullName, EncryptionKey = s_key });
        await reader.ConfigureAsync();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => reader.GetBytesAsync("note:1").AsTask());
        Assert.DoesNotContain(s_key, error.ToString(), StringComparison.Ordinal);
        Assert.Contains(reader.Errors, e => e.Phase == "get");
    }

    [Fact]
    public async Task A_malformed_key_faults_at_once_naming_the_setting_but_not_the_value()
    {
        const string notAKey = "not-base64-but-a-long-secret-value!";
        await using var files = new FilesBackend("notes", new FilesSettings { Directory = _directory.FullName, EncryptionKey = notAKey });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => files.ConfigureAsync());

        Assert.Equal(ConnectionState.Faulted, files.State);
        Assert.Equal(1, files.Attempts); // permanent: no retry loop
        Assert.Contains("encryptionKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(notAKey, error.ToString(), StringComparison.Ordinal);
        Assert.All(files.Errors, e => Assert.DoesNotContain(notAKey, e.Message, StringComparison.Ordinal));
    }
}
