using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Backends.Memcached;

/// <summary>
/// The memcached text protocol's key rules: 1 to 250 bytes of UTF-8, with no space or control character (the
/// protocol separates tokens with spaces and ends lines with CR LF, so such keys cannot be sent).
/// </summary>
public static class MemcachedKey
{
    /// <summary>The longest key memcached accepts, in UTF-8 bytes (key prefix included).</summary>
    public const int MaxLength = 250;

    /// <summary>Throws <see cref="MemcachedKeyException"/> unless <paramref name="key"/> is a valid memcached key.</summary>
    /// <param name="key">The key, without any key prefix.</param>
    public static void Validate(string key)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        Encode(ReadOnlySpan<byte>.Empty, key, buffer);
    }

    /// <summary>
    /// Writes <paramref name="prefix"/> + <paramref name="key"/> as UTF-8 into <paramref name="destination"/> (at least
    /// <see cref="MaxLength"/> bytes) and returns the length; throws <see cref="MemcachedKeyException"/> for a bad key.
    /// </summary>
    internal static int Encode(ReadOnlySpan<byte> prefix, string key, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new MemcachedKeyException(key, "a memcached key must not be empty.");
        }

        foreach (var c in key)
        {
            if (c <= ' ' || c == '\u007f' || (c >= '\u0080' && c <= '\u009f'))
            {
                throw new MemcachedKeyException(
                    key,
                    $"the memcached key \"{Printable(key)}\" contains a space or control character (U+{(int)c:X4}); memcached keys are single tokens: replace it, or hash or base64-encode the key.");
            }
        }

        prefix.CopyTo(destination);
        var status = Utf8.FromUtf16(key, destination[prefix.Length..MaxLength], out _, out var written, replaceInvalidSequences: false);
        switch (status)
        {
            case OperationStatus.Done:
                return prefix.Length + written;
            case OperationStatus.InvalidData:
                throw new MemcachedKeyException(key, $"the memcached key \"{Printable(key)}\" is not valid UTF-16 (it holds a lone surrogate).");
            default:
                var length = prefix.Length + Encoding.UTF8.GetByteCount(key);
                throw new MemcachedKeyException(
                    key,
                    $"the memcached key \"{Printable(key)}\" is {length} bytes in UTF-8{(prefix.Length > 0 ? $" with its {prefix.Length}-byte key prefix" : "")}; memcached keys are at most {MaxLength} bytes: shorten it or hash it.");
        }
    }

    private static string Printable(string key)
    {
        var shown = key.Length > 60 ? key[..60] + "..." : key;
        var builder = new StringBuilder(shown.Length);
        foreach (var c in shown)
        {
            if (c < ' ' || c == '\u007f' || (c >= '\u0080' && c <= '\u009f'))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
