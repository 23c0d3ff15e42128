namespace Backends.Runtime;

/// <summary>
/// Which keys of a pass-through option map (<c>options</c>) hold secrets. The build applies the same rule: a literal
/// value under such a key is BG0011 and is not compiled in, and <see cref="BackendSettings.ToString"/> shows it as
/// <c>***</c>.
/// </summary>
/// <remarks>
/// Keys are compared in a normal form: lower case, without spaces, <c>-</c>, <c>_</c> and <c>.</c>, so that
/// <c>Certificate Password</c>, <c>CertificatePassword</c> and <c>certificate_password</c> are one key, as drivers
/// treat them. Any key whose normal form contains <c>password</c> or <c>secret</c> is a secret as well, whatever
/// the adapter lists.
/// </remarks>
public static class SecretKeys
{
    /// <summary>Whether <paramref name="key"/> names a secret, given an adapter's comma-separated <paramref name="secretKeys"/>.</summary>
    public static bool IsSecret(string key, string? secretKeys)
    {
        ArgumentNullException.ThrowIfNull(key);
        var normal = Normalize(key);
        if (Shared.Naming.IsAlwaysSecret(normal))
        {
            return true;
        }

        foreach (var listed in (secretKeys ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Normalize(listed) == normal)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The values of <paramref name="options"/> whose keys are secrets.</summary>
    public static IEnumerable<string> Values(IEnumerable<KeyValuePair<string, string>>? options, string? secretKeys)
    {
        foreach (var (key, value) in options ?? [])
        {
            if (!string.IsNullOrEmpty(value) && IsSecret(key, secretKeys))
            {
                yield return value;
            }
        }
    }

    /// <summary>The normal form keys are compared in: lower case, without spaces, <c>-</c>, <c>_</c> and <c>.</c>.</summary>
    public static string Normalize(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Shared.Naming.NormalizeKey(key);
    }
}
