using System.Buffers.Binary;
using System.Numerics;

namespace Backends.Memcached.Hashing;

/// <summary>
/// A one-shot, allocation-free MD5 (RFC 1321) for ketama hashing only, never for security. Managed so that key
/// placement works the same where the platform's MD5 is disabled (FIPS mode) or absent (browser WebAssembly).
/// </summary>
internal static class Md5
{
    // floor(abs(sin(i + 1)) * 2^32), written out so that no platform's sin() rounding can change them.
    private static readonly uint[] s_k =
    [
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
        0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
        0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
        0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
        0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
        0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
        0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
        0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
        0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
        0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
        0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
        0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
        0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
        0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
        0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
    ];

    private static readonly int[] s_shifts =
    [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];

    /// <summary>Writes the 16-byte digest of <paramref name="data"/> into <paramref name="digest"/>.</summary>
    public static void HashData(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        uint a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
        var full = data.Length & ~63;
        for (var offset = 0; offset < full; offset += 64)
        {
            Block(data.Slice(offset, 64), ref a0, ref b0, ref c0, ref d0);
        }

        // The tail: the remaining bytes, 0x80, zeros, and the bit length, in one or two blocks.
        Span<byte> tail = stackalloc byte[128];
        tail.Clear();
        var rest = data[full..];
        rest.CopyTo(tail);
        tail[rest.Length] = 0x80;
        var tailLength = rest.Length < 56 ? 64 : 128;
        BinaryPrimitives.WriteUInt64LittleEndian(tail[(tailLength - 8)..], (ulong)data.Length * 8);
        Block(tail[..64], ref a0, ref b0, ref c0, ref d0);
        if (tailLength == 128)
        {
            Block(tail[64..], ref a0, ref b0, ref c0, ref d0);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(digest, a0);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[4..], b0);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[8..], c0);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[12..], d0);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Step(ref uint a, ref uint b, ref uint c, ref uint d, uint mixed, int i)
    {
        var rotated = BitOperations.RotateLeft(mixed + a + s_k[i], s_shifts[i]);
        a = d;
        d = c;
        c = b;
        b += rotated;
    }

    private static void Block(ReadOnlySpan<byte> block, ref uint a0, ref uint b0, ref uint c0, ref uint d0)
    {
        Span<uint> m = stackalloc uint[16];
        for (var i = 0; i < 16; i++)
        {
            m[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(i * 4)..]);
        }

        // The four rounds of sixteen steps, each round with its own function and message order (no branch per step).
        uint a = a0, b = b0, c = c0, d = d0;
        for (var i = 0; i < 16; i++)
        {
            Step(ref a, ref b, ref c, ref d, ((b & c) | (~b & d)) + m[i], i);
        }

        for (var i = 16; i < 32; i++)
        {
            Step(ref a, ref b, ref c, ref d, ((d & b) | (~d & c)) + m[((5 * i) + 1) & 15], i);
        }

        for (var i = 32; i < 48; i++)
        {
            Step(ref a, ref b, ref c, ref d, (b ^ c ^ d) + m[((3 * i) + 5) & 15], i);
        }

        for (var i = 48; i < 64; i++)
        {
            Step(ref a, ref b, ref c, ref d, (c ^ (b | ~d)) + m[(7 * i) & 15], i);
        }

        a0 += a;
        b0 += b;
        c0 += c;
        d0 += d;
    }
}
