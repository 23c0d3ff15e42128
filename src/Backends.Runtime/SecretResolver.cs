using System.Text;

namespace Backends.Runtime;

/// <summary>
/// Resolves <c>${env:NAME}</c> and <c>${file:/run/secrets/x}</c> references at run time, so that secrets
/// live in the environment or in mounted files and never in the compiled assembly.
/// </summary>
/// <remarks>
/// Only text written in <c>backends.json</c> is resolved. What a reference yields (a variable's value, a file's
/// content) and every run-time override is data: it is never parsed again, so a password may contain <c>${</c>.
/// In <c>backends.json</c>, <c>$${</c> stands for a literal <c>${</c>. Messages name the key and the reference,
/// never a resolved value.
/// </remarks>
public static class SecretResolver
{
    /// <summary>
    /// Replaces every <c>${env:NAME}</c> and <c>${file:PATH}</c> in <paramref name="value"/> and turns each <c>$${</c>
    /// into <c>${</c>. A missing variable, an unreadable file or a malformed reference is a
    /// <see cref="BackendConfigurationException"/> naming <paramref name="path"/>. A file's trailing newline is dropped.
    /// </summary>
    /// <param name="value">Text as written in <c>backends.json</c>.</param>
    /// <param name="path">The key's override path, <c>mysql:demo:password</c>, for messages.</param>
    public static string? Resolve(string? value, string path)
    {
        if (value is null || !value.Contains("${", StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            if (value[i] != '$')
            {
                result.Append(value[i]);
                i++;
                continue;
            }

            if (string.CompareOrdinal(value, i, "$${", 0, 3) == 0)
            {
                // The escape: "$${" is the literal text "${".
                result.Append("${");
                i += 3;
                continue;
            }

            if (string.CompareOrdinal(value, i, "${", 0, 2) != 0)
            {
                result.Append('$');
                i++;
                continue;
            }

            var end = value.IndexOf('}', i + 2);
            if (end < 0)
            {
                throw new BackendConfigurationException(
                    $"Backends:{path}: \"${{\" has no closing \"}}\": write ${{env:NAME}} or ${{file:/path/to/secret}}, or $${{ for a literal \"${{\".");
            }

            result.Append(ResolveOne(value[(i + 2)..end], path));
            i = end + 1;
        }

        return result.ToString();
    }

    private static string ResolveOne(string reference, string path)
    {
        var variablePath = "Backends__" + path.Replace(":", "__", StringComparison.Ordinal);
        if (reference.StartsWith("env:", StringComparison.Ordinal))
        {
            var name = reference[4..].Trim();
            if (name.Length == 0)
            {
                throw new BackendConfigurationException(
                    $"Backends:{path}: ${{env:}} names no variable: write ${{env:NAME}} with the name of an environment variable.");
            }

            return Environment.GetEnvironmentVariable(name)
                ?? throw new BackendConfigurationException(
                    $"Backends:{path} refers to the environment variable {name}, which is not set: set it, or override the value with {variablePath}.");
        }

        if (reference.StartsWith("file:", StringComparison.Ordinal))
        {
            var file = reference[5..].Trim();
            if (file.Length == 0)
            {
                throw new BackendConfigurationException(
                    $"Backends:{path}: ${{file:}} names no file: write ${{file:/run/secrets/name}} with the path of the file that holds the value, or override the value with {variablePath}.");
            }

            try
            {
                return File.ReadAllText(file).TrimEnd('\r', '\n');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
            {
                // The exception's own message names only the path; it is kept as the cause.
                throw new BackendConfigurationException(
                    $"Backends:{path} refers to the file {file}, which cannot be read ({ex.GetType().Name}): mount the secret there, change the reference, or override the value with {variablePath}.", ex);
            }
        }

        // Only the kind is quoted: the text after it is not a reference anyone can use, and may be a mistyped value.
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        var kind = colon > 0 && colon <= 16 ? "${" + reference[..colon] + ":...}" : "this \"${...}\"";
        throw new BackendConfigurationException(
            $"Backends:{path}: {kind} is not a known reference: write ${{env:NAME}} or ${{file:/path/to/secret}}, or $${{ for a literal \"${{\".");
    }
}
