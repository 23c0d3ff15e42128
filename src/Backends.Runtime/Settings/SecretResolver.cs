namespace Backends.Runtime;

/// <summary>
/// Resolves <c>${env:NAME}</c> and <c>${file:/run/secrets/x}</c> references at run time, so that secrets
/// live in the environment or in mounted files and never in the compiled assembly.
/// </summary>
public static class SecretResolver
{
    /// <summary>
    /// Replaces every <c>${env:NAME}</c> and <c>${file:PATH}</c> in <paramref name="value"/>. A missing variable or
    /// unreadable file is a <see cref="BackendConfigurationException"/> naming <paramref name="path"/>.
    /// A file's trailing newline is dropped. Text without references is returned as it is.
    /// </summary>
    public static string? Resolve(string? value, string path)
    {
        if (value is null || !value.Contains("${", StringComparison.Ordinal))
        {
            return value;
        }

        var result = new System.Text.StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var start = value.IndexOf("${", i, StringComparison.Ordinal);
            if (start < 0)
            {
                result.Append(value, i, value.Length - i);
                break;
            }

            var end = value.IndexOf('}', start + 2);
            if (end < 0)
            {
                throw new BackendConfigurationException(
                    $"Backends:{path}: \"${{\" has no closing \"}}\": write ${{env:NAME}} or ${{file:/path/to/secret}}.");
            }

            result.Append(value, i, start - i);
            result.Append(ResolveOne(value[(start + 2)..end], path));
            i = end + 1;
        }

        return result.ToString();
    }

    private static string ResolveOne(string reference, string path)
    {
        if (reference.StartsWith("env:", StringComparison.Ordinal))
        {
            var name = reference[4..];
            return Environment.GetEnvironmentVariable(name)
                ?? throw new BackendConfigurationException(
                    $"Backends:{path} refers to the environment variable {name}, which is not set: set it, or override the value with Backends__{path.Replace(":", "__", StringComparison.Ordinal)}.");
        }

        if (reference.StartsWith("file:", StringComparison.Ordinal))
        {
            var file = reference[5..];
            try
            {
                return File.ReadAllText(file).TrimEnd('\r', '\n');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new BackendConfigurationException(
                    $"Backends:{path} refers to the file {file}, which cannot be read ({ex.GetType().Name}): mount the secret there or change the reference.", ex);
            }
        }

        throw new BackendConfigurationException(
            $"Backends:{path}: \"${{{reference}}}\" is not a known reference: write ${{env:NAME}} or ${{file:/path/to/secret}}.");
    }
}
