namespace Backends.Runtime;

/// <summary>Tells the generator that a settings property holds alternative keys (for example <c>host</c> + <c>port</c> for <c>hosts</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class RequireOneOfAttribute : Attribute
{
    /// <summary>At least one of <paramref name="keys"/> must be present.</summary>
    /// <param name="keys">JSON keys, any one of which satisfies the requirement.</param>
    public RequireOneOfAttribute(params string[] keys) => Keys = keys;

    /// <summary>The JSON keys.</summary>
    public IReadOnlyList<string> Keys { get; }
}
