using System;
using System.Text;

namespace Backends.Generator.Naming;

/// <summary>
/// The build-time side of secret references: what counts as a reference in <c>backends.json</c> text, and which
/// option keys hold secrets. The runtime's <c>SecretResolver</c> and <c>SecretKeys</c> apply the same rules.
/// </summary>
/// <remarks>
/// <c>${kind:...}</c> is a reference (resolved at run time); <c>$${</c> is the literal text <c>${</c>. A secret must be
/// exactly one reference: anything else (a literal, an escaped literal, text around a reference) would put the secret,
/// or part of it, in the assembly.
/// </remarks>
internal static class References
{
    /// <summary>Whether <paramref name="text"/> is exactly one reference, <c>${env:NAME}</c> or <c>${file:PATH}</c> (or another <c>${kind:...}</c>).</summary>
    public static bool IsSingleReference(string text)
    {
        if (text.Length < 5 || !text.StartsWith("${", StringComparison.Ordinal) || text[text.Length - 1] != '}')
        {
            return false;
        }

        var body = text.Substring(2, text.Length - 3);
        var colon = body.IndexOf(':');
        if (colon <= 0 || body.IndexOf('}') >= 0 || body.IndexOf("${", StringComparison.Ordinal) >= 0)
        {
            return false;
        }

        for (var i = 0; i < colon; i++)
        {
            if (!char.IsLetter(body[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The normal form option keys are compared in: <see cref="Shared.Naming.NormalizeKey"/>, shared with the runtime's <c>SecretKeys</c>.</summary>
    public static string NormalizeKey(string key) => Shared.Naming.NormalizeKey(key);

    /// <summary>Whether the option <paramref name="key"/> holds a secret: listed by the adapter, or containing <c>password</c> or <c>secret</c>.</summary>
    public static bool IsSecretKey(string key, Model.EquatableArray<string> secretKeys)
    {
        var normal = NormalizeKey(key);
        if (Shared.Naming.IsAlwaysSecret(normal))
        {
            return true;
        }

        foreach (var listed in secretKeys)
        {
            if (listed == normal)
            {
                return true;
            }
        }

        return false;
    }
}
