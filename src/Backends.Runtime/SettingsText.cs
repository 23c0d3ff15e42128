using System.Globalization;
using System.Text;

namespace Backends.Runtime;

/// <summary>Builds the redacted <see cref="BackendSettings.ToString"/> text.</summary>
public sealed class SettingsText
{
    private readonly StringBuilder _builder;
    private bool _first = true;

    internal SettingsText(string typeName) => _builder = new StringBuilder(typeName).Append(" { ");

    /// <summary>Adds a plain value; <see langword="null"/> values are left out.</summary>
    public SettingsText Add(string key, object? value)
    {
        if (value is null)
        {
            return this;
        }

        Separator().Append(key).Append(" = ");
        switch (value)
        {
            case string s:
                _builder.Append(s);
                break;
            case System.Collections.IEnumerable list:
                _builder.Append('[');
                var firstItem = true;
                foreach (var item in list)
                {
                    if (!firstItem)
                    {
                        _builder.Append(", ");
                    }

                    firstItem = false;
                    _builder.Append(Convert.ToString(item, CultureInfo.InvariantCulture));
                }

                _builder.Append(']');
                break;
            default:
                _builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }

        return this;
    }

    /// <summary>Adds a secret: only whether it is set shows, never its value.</summary>
    public SettingsText AddSecret(string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Separator().Append(key).Append(" = ***");
        }

        return this;
    }

    /// <summary>
    /// Adds pass-through options as <c>[key=value, ...]</c>, each value whose key is a secret (see
    /// <see cref="SecretKeys.IsSecret"/>) shown as <c>***</c>. Empty or <see langword="null"/> options are left out.
    /// </summary>
    public SettingsText AddOptions(string key, IEnumerable<KeyValuePair<string, string>>? options, string? secretKeys)
    {
        if (options is null || !options.Any())
        {
            return this;
        }

        Separator().Append(key).Append(" = [");
        var first = true;
        foreach (var (name, value) in options)
        {
            if (!first)
            {
                _builder.Append(", ");
            }

            first = false;
            _builder.Append(name).Append('=').Append(SecretKeys.IsSecret(name, secretKeys) ? "***" : value);
        }

        _builder.Append(']');
        return this;
    }

    /// <summary>Starts a nested object, <c>key = { ... }</c>; end it with <see cref="CloseObject"/>.</summary>
    public SettingsText OpenObject(string key)
    {
        Separator().Append(key).Append(" = { ");
        _first = true;
        return this;
    }

    /// <summary>Ends the nested object <see cref="OpenObject"/> started.</summary>
    public SettingsText CloseObject()
    {
        _builder.Append(" }");
        _first = false;
        return this;
    }

    /// <summary>Adds a secret list or map: only whether it has a value shows, as <c>***</c>.</summary>
    public SettingsText AddSecrets(string key, IEnumerable<string>? values) =>
        AddSecret(key, values is not null && values.Any(v => !string.IsNullOrEmpty(v)) ? Redactor.Mask : null);

    private StringBuilder Separator()
    {
        if (!_first)
        {
            _builder.Append(", ");
        }

        _first = false;
        return _builder;
    }

    /// <inheritdoc />
    public override string ToString() => _builder.ToString() + " }";
}
