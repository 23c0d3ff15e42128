namespace Backends.Runtime;

/// <summary>
/// The last net for secrets in text the library did not build itself (a driver's message, an exception's
/// <see cref="Exception.ToString"/>): it replaces each known secret, and the forms a driver writes it in
/// (URL-escaped, quoted with doubled quotes, JSON-escaped), with <c>***</c>.
/// </summary>
/// <remarks>
/// Text the library builds itself is redacted by structure instead: <see cref="SettingsText.AddSecret"/>,
/// <see cref="SettingsText.AddOptions"/>, and messages that name keys, never values. A plain search for a short
/// secret would mask ordinary words (a password <c>app</c> inside "application"), so a secret shorter than
/// <see cref="MinimumLength"/> characters is not searched for; such a secret is only ever shown redacted by
/// structure.
/// </remarks>
public sealed class Redactor
{
    /// <summary>The shortest secret searched for in free text: 6 characters.</summary>
    public const int MinimumLength = 6;

    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    private static readonly Redactor s_none = new([]);

    private readonly string[] _forms;

    /// <summary>Creates a redactor for <paramref name="secrets"/>; those shorter than <see cref="MinimumLength"/> are ignored.</summary>
    public Redactor(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var secret in secrets)
        {
            if (secret is null || secret.Length < MinimumLength)
            {
                continue;
            }

            forms.Add(secret);
            forms.Add(Uri.EscapeDataString(secret));
            forms.Add(secret.Replace("'", "''", StringComparison.Ordinal));
            forms.Add(secret.Replace("\"", "\"\"", StringComparison.Ordinal));
            forms.Add(secret.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal));
        }

        // Longest first, so that a form containing another is replaced whole.
        _forms = [.. forms.OrderByDescending(f => f.Length).ThenBy(f => f, StringComparer.Ordinal)];
    }

    /// <summary>The redactor for the secrets of <paramref name="settings"/> (none when the settings are not read yet).</summary>
    public static Redactor For(BackendSettings? settings) => settings is null ? s_none : new Redactor(settings.GetSecrets());

    /// <summary>Whether this redactor searches for any secret at all.</summary>
    public bool IsEmpty => _forms.Length == 0;

    /// <summary>Returns <paramref name="text"/> with every known secret replaced by <see cref="Mask"/>.</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        foreach (var form in _forms)
        {
            if (text.Contains(form, StringComparison.Ordinal))
            {
                text = text.Replace(form, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>
    /// Wraps <paramref name="exception"/> (and, in turn, its inner exceptions) in a <see cref="RedactedException"/>
    /// whose message and <see cref="Exception.ToString"/> are redacted. An exception that is already redacted is
    /// returned as it is.
    /// </summary>
    public RedactedException Wrap(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception as RedactedException ?? new RedactedException(exception, this);
    }
}
