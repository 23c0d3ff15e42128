namespace Backends.Runtime;

/// <summary>
/// Declares, on an adapter assembly, which backend kind it serves. The BackendGen generator reads this
/// attribute from the compilation's references at build time: it is how <c>Db.MySql.Demo</c> learns its
/// handle type and how <c>backends.json</c> is validated against the settings type. Nothing reads it at run time.
/// </summary>
/// <remarks>
/// The handle type must derive from <see cref="BackendConnection{TInstance, TSettings}"/> (or
/// <see cref="BackendConnection{TInstance}"/>) and have a public constructor
/// <c>(string kind, string name, SettingsFactory&lt;TSettings&gt; settings)</c>, which generated code calls with
/// <see cref="Kind"/>, so the handle never repeats it; the settings type must derive from
/// <see cref="BackendSettings"/> and have a public parameterless constructor.
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class BackendAdapterAttribute : Attribute
{
    /// <summary>Creates the declaration.</summary>
    /// <param name="kind">The top-level key in <c>backends.json</c>, lower case (for example <c>"mysql"</c>).</param>
    /// <param name="handleType">The connection handle type the generated accessors return.</param>
    /// <param name="settingsType">The settings class each connection's JSON object is validated against.</param>
    public BackendAdapterAttribute(string kind, Type handleType, Type settingsType)
    {
        Kind = kind;
        HandleType = handleType;
        SettingsType = settingsType;
    }

    /// <summary>The top-level key in <c>backends.json</c>.</summary>
    public string Kind { get; }

    /// <summary>The connection handle type.</summary>
    public Type HandleType { get; }

    /// <summary>The settings type.</summary>
    public Type SettingsType { get; }

    /// <summary>The C# identifier used for the kind's accessor class (<c>Db.MySql</c>); defaults to the PascalCased kind.</summary>
    public string? ClassName { get; set; }

    /// <summary>The NuGet package that carries this adapter, named in the diagnostic for a missing adapter.</summary>
    public string? PackageId { get; set; }

    /// <summary>
    /// The <see cref="System.Diagnostics.ActivitySource"/> names of the driver this adapter uses (<c>"MySqlConnector"</c>),
    /// which the generator adds to <c>Db.ActivitySourceNames</c> after <c>"Backends"</c> when a connection of this kind exists.
    /// </summary>
#pragma warning disable CA1819 // attribute arguments are arrays; the generator reads them at build time, nothing at run time
    public string[]? ActivitySourceNames { get; set; }

    /// <summary>
    /// The <see cref="System.Diagnostics.Metrics.Meter"/> names of the driver this adapter uses, which the generator adds to
    /// <c>Db.MeterNames</c> after <c>"Backends"</c> when a connection of this kind exists.
    /// </summary>
    public string[]? MeterNames { get; set; }

    /// <summary>
    /// The keys of a connection's JSON object that are declared data rather than settings (<c>new[] { "collections" }</c>
    /// for MongoDB's declared collections): the generator does not validate them against the settings type but hands them to
    /// the generator's feature module for this kind, which generates the connection's typed members from them. A key no
    /// referenced adapter owns stays an unknown setting. Must not be the key of a setting.
    /// </summary>
    public string[]? DeclaredDataKeys { get; set; }
#pragma warning restore CA1819
}
