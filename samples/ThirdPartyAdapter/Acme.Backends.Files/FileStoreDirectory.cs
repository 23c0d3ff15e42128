using System.Buffers.Binary;
using System.Security.Cryptography;
using Backends.Runtime;

namespace Acme.Backends.Files;

/// <summary>
/// The native client of a <c>files</c> connection: the directory that holds one file per key, and the key that
/// encrypts the values when one is configured.
/// </summary>
/// <remarks>
/// An entry's file is named after the SHA-256 of the key's UTF-8 bytes, so any key the contract allows is a valid file
/// name. It holds the expiry (8 bytes, Unix milliseconds, 0 for none) and then the value, or, encrypted, a 12-byte nonce,
/// a 16-byte tag and the ciphertext (the file name and the expiry are authenticated with it). A write goes to a temporary
/// file that is then renamed over the entry, and a delete renames the entry away before looking at it, so readers see a
/// whole old or whole new value and a delete can only ever take the value that was there.
/// </remarks>
public sealed class FileStoreDirectory : IDisposable
{
    private const int HeaderBytes = sizeof(long);
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[]? _encryptionKey;

    internal FileStoreDirectory(string path, byte[]? encryptionKey, int maxValueBytes)
    {
        Path = path;
        _encryptionKey = encryptionKey;
        MaxValueBytes = maxValueBytes;
    }

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>Whether values are encrypted.</summary>
    public bool IsEncrypted => _encryptionKey is not null;

    /// <summary>The largest value, in bytes, the store accepts.</summary>
    public int MaxValueBytes { get; }

    /// <summary>Checks that the directory exists and takes a new file (what a ping means here).</summary>
    /// <exception cref="IOException">The directory is gone or cannot be written.</exception>
    public void Probe()
    {
        using var probe = new FileStream(
            System.IO.Path.Combine(Path, $".probe-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_encryptionKey is not null)
        {
            CryptographicOperations.ZeroMemory(_encryptionKey);
        }
    }

    internal async ValueTask<KeyValueEntry?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var name = FileName(key);
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(EntryPath(name), cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        return Decode(name, content, DateTimeOffset.UtcNow);
    }

    internal async ValueTask WriteAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? life, CancellationToken cancellationToken)
    {
        if (value.Length > MaxValueBytes)
        {
            throw new ArgumentException($"The value is {value.Length} bytes; this store takes at most {MaxValueBytes} (maxValueBytes).", nameof(value));
        }

        var name = FileName(key);
        var expiresAt = life is { } span ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + Math.Max(1, (long)Math.Ceiling(span.TotalMilliseconds)) : 0;
        var content = Encode(name, value.Span, expiresAt);
        var temporary = System.IO.Path.Combine(Path, $"{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temporary, content, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, EntryPath(name), overwrite: true); // atomic on one file system: a reader sees old or new
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    internal async ValueTask<bool> DeleteAsync(string key)
    {
        var name = FileName(key);
        var removed = System.IO.Path.Combine(Path, $"{name}.{Guid.NewGuid():N}.del");
        try
        {
            // Taking the entry away first means the answer is about the very file removed: a value a concurrent write
            // renames into place afterwards stays, and one it renamed before is the one taken (and reported). Once the
            // entry is taken the delete is done, so from here on it is not cancelled.
            File.Move(EntryPath(name), removed);
        }
        catch (FileNotFoundException)
        {
            return false;
        }

        try
        {
            var content = await File.ReadAllBytesAsync(removed, CancellationToken.None).ConfigureAwait(false);
            return content.Length >= HeaderBytes && IsLive(BinaryPrimitives.ReadInt64LittleEndian(content), DateTimeOffset.UtcNow);
        }
        finally
        {
            File.Delete(removed);
        }
    }

    private static string FileName(string key) => Convert.ToHexStringLower(SHA256.HashData(KeyValueKey.Encode(key)));

    private string EntryPath(string name) => System.IO.Path.Combine(Path, name + ".entry");

    private static bool IsLive(long expiresAt, DateTimeOffset now) => expiresAt == 0 || expiresAt > now.ToUnixTimeMilliseconds();

    private byte[] Encode(string name, ReadOnlySpan<byte> value, long expiresAt)
    {
        var extra = _encryptionKey is null ? 0 : NonceBytes + TagBytes;
        var content = new byte[HeaderBytes + extra + value.Length];
        BinaryPrimitives.WriteInt64LittleEndian(content, expiresAt);
        if (_encryptionKey is null)
        {
            value.CopyTo(content.AsSpan(HeaderBytes));
            return content;
        }

        var nonce = content.AsSpan(HeaderBytes, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, TagBytes);
        aes.Encrypt(nonce, value, content.AsSpan(HeaderBytes + extra), content.AsSpan(HeaderBytes + NonceBytes, TagBytes), AssociatedData(name, expiresAt));
        return content;
    }

    private KeyValueEntry? Decode(string name, byte[] content, DateTimeOffset now)
    {
        var extra = _encryptionKey is null ? 0 : NonceBytes + TagBytes;
        if (content.Length < HeaderBytes + extra)
        {
            throw new InvalidDataException($"The entry file {name}.entry in {Path} is truncated.");
        }

        var expiresAt = BinaryPrimitives.ReadInt64LittleEndian(content);
        if (!IsLive(expiresAt, now))
        {
            return null;
        }

        var life = expiresAt == 0 ? (TimeSpan?)null : TimeSpan.FromMilliseconds(Math.Max(1, expiresAt - now.ToUnixTimeMilliseconds()));
        if (_encryptionKey is null)
        {
            return new KeyValueEntry(content.AsSpan(HeaderBytes).ToArray(), life);
        }

        var value = new byte[content.Length - HeaderBytes - extra];
        try
        {
            using var aes = new AesGcm(_encryptionKey, TagBytes);
            aes.Decrypt(
                content.AsSpan(HeaderBytes, NonceBytes), content.AsSpan(HeaderBytes + extra), content.AsSpan(HeaderBytes + NonceBytes, TagBytes), value,
                AssociatedData(name, expiresAt));
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new InvalidDataException($"The entry file {name}.entry in {Path} does not decrypt with the configured encryptionKey (another key, or a damaged file).", ex);
        }

        return new KeyValueEntry(value, life);
    }

    private static byte[] AssociatedData(string name, long expiresAt)
    {
        var data = new byte[name.Length + HeaderBytes];
        System.Text.Encoding.ASCII.GetBytes(name, data);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(name.Length), expiresAt);
        return data;
    }
}
