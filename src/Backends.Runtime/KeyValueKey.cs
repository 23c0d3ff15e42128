using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Backends.Runtime;

/// <summary>
/// The key rules every <see cref="IKeyValueStore"/> shares, so that a key that works on one backend works on all
/// (memcached is the strictest, and tiered stores rely on it): 1 to 250 bytes of UTF-8, valid UTF-16, and no space
/// or control character. Third-party adapters call <see cref="Validate"/> or <see cref="Encode"/> too.
/// </summary>
public static class KeyValueKey
{
    /// <summary>The longest key, in UTF-8 bytes.</summary>
    public const int MaxBytes = 250;

    /// <summary>Throws <see cref="ArgumentException"/> (<see cref="ArgumentNullException"/> for null) for a key the contract forbids.</summary>
    public static void Validate(string key)
    {
        Span<byte> buffer = stackalloc byte[MaxBytes];
        EncodeInto(key, buffer);
    }

    /// <summary>Returns the key's UTF-8 bytes; throws <see cref="ArgumentException"/> for a key the contract forbids.</summary>
    public static byte[] Encode(string key)
    {
        Span<byte> buffer = stackalloc byte[MaxBytes];
        return buffer[..EncodeInto(key, buffer)].ToArray();
    }

    private static int EncodeInto(string key, Span<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new ArgumentException("The key is empty: a key is 1 to 250 bytes of UTF-8.", nameof(key));
        }

        foreach (var c in key)
        {
            if (c <= ' ' || c == '\u007f' || (c >= '\u0080' && c <= '\u009f'))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The key contains a space or control character (U+{(int)c:X4}): keys are single tokens; replace it, or hash or base64-encode the key."),
                    nameof(key));
            }
        }

        return Utf8.FromUtf16(key, buffer, out _, out var written, replaceInvalidSequences: false) switch
        {
            OperationStatus.Done => written,
            OperationStatus.InvalidData => throw new ArgumentException("The key is not valid UTF-16 (it holds a lone surrogate).", nameof(key)),
            _ => throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The key is {Encoding.UTF8.GetByteCount(key)} bytes in UTF-8; keys are at most {MaxBytes} bytes: shorten it or hash it."),
                nameof(key)),
        };
    }
}
