// Compiled into both Backends.Generator and Backends.Runtime: the names of settings keys and of option keys, read the
// same way at build time (backends.json, BG0011) and at run time (ToString redaction, the secrets of a connection).
#if BACKENDS_GENERATOR
namespace Backends.Generator.Shared;
#else
namespace Backends.Runtime.Shared;
#endif

using System;
using System.Text;

/// <summary>How settings keys are named and how option keys are compared.</summary>
internal static class Naming
{
    /// <summary>The JSON key for a property, as System.Text.Json's camel case writes it: <c>SslMode</c> → <c>sslMode</c>, <c>SSLMode</c> → <c>sslMode</c>.</summary>
    public static string ToCamelCase(string name)
    {
        if (name.Length == 0 || !char.IsUpper(name[0]))
        {
            return name;
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i]))
            {
                break;
            }

            var hasNext = i + 1 < chars.Length;
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                break;
            }

            chars[i] = char.ToLowerInvariant(chars[i]);
        }

        return new string(chars);
    }

    /// <summary>The normal form option keys are compared in: lower case, without spaces, <c>-</c>, <c>_</c> and <c>.</c>.</summary>
    public static string NormalizeKey(string key)
    {
        var builder = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            if (c is not (' ' or '-' or '_' or '.'))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Whether the option key whose normal form is <paramref name="normalKey"/> names a secret by itself: it contains
    /// <c>password</c> or <c>secret</c>, whatever the adapter lists.
    /// </summary>
    public static bool IsAlwaysSecret(string normalKey) =>
#if BACKENDS_GENERATOR
        normalKey.IndexOf("password", StringComparison.Ordinal) >= 0 || normalKey.IndexOf("secret", StringComparison.Ordinal) >= 0;
#else
        normalKey.Contains("password", StringComparison.Ordinal) || normalKey.Contains("secret", StringComparison.Ordinal);
#endif
}
