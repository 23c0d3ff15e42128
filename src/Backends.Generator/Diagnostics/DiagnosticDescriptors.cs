using Microsoft.CodeAnalysis;

namespace Backends.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. Numbers are fixed once shipped; messages say what is wrong and what
/// to write instead. Tracked in AnalyzerReleases.Unshipped.md.
/// </summary>
internal static partial class DiagnosticDescriptors
{
    private const string Category = "BackendGen";

    public static readonly DiagnosticDescriptor MalformedJson = new(
        "BG0001",
        "Malformed JSON in a backends file",
        "Malformed JSON: {0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0001"));

    public static readonly DiagnosticDescriptor UnknownKind = new(
        "BG0002",
        "Unknown backend kind",
        "'{0}' is not a backend kind: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0002"));

    public static readonly DiagnosticDescriptor AdapterNotReferenced = new(
        "BG0003",
        "Backend adapter not referenced",
        "The '{0}' backend needs its adapter, which this project does not reference: add a reference to the {1} package",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0003"));

    public static readonly DiagnosticDescriptor InvalidConnectionName = new(
        "BG0004",
        "Connection name cannot become a C# identifier",
        "The connection name '{0}' cannot become a C# identifier: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0004"));

    public static readonly DiagnosticDescriptor ConnectionNameCollision = new(
        "BG0005",
        "Connection names collide",
        "The connection '{0}' (identifier {1}) collides with '{2}' on line {3} (identifier {4}): rename one of them, as names must differ in more than case and separators",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0005"));

    public static readonly DiagnosticDescriptor UnknownSetting = new(
        "BG0006",
        "Unknown setting",
        "'{0}' is not a setting of {1}: {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0006"));

    public static readonly DiagnosticDescriptor WrongValueType = new(
        "BG0007",
        "Setting has the wrong type of value",
        "{0} must be {1}, for example {2}, but is {3}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0007"));

    public static readonly DiagnosticDescriptor MissingRequiredSetting = new(
        "BG0008",
        "Required setting missing",
        "{0} lacks {1}: add {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0008"));

    public static readonly DiagnosticDescriptor NumberOutOfRange = new(
        "BG0009",
        "Number out of range",
        "{0} is {1}, which is out of range: write {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0009"));

    public static readonly DiagnosticDescriptor OverlayDeclaresMissing = new(
        "BG0010",
        "Overlay declares what the base file lacks",
        "{0} declares the {1} '{2}', which backends.json lacks: declare it in backends.json first, as overlays only change values",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0010"));

    public static readonly DiagnosticDescriptor LiteralSecret = new(
        "BG0011",
        "Literal secret in a backends file",
        "The secret '{0}' of {1} is written as a literal, so it is NOT compiled into the assembly and is unset at run time: write \"${{env:NAME}}\" or \"${{file:/run/secrets/x}}\" instead, or set the variable Backends__{2}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0011"));

    public static readonly DiagnosticDescriptor OverlayWithoutBase = new(
        "BG0012",
        "Overlay without a base file",
        "{0} overlays backends.json, but the project has no backends.json: add backends.json with every connection, or rename this file to backends.json",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0012"));

    public static readonly DiagnosticDescriptor DuplicateConfigFile = new(
        "BG0013",
        "Several files for the same environment",
        "{0} is ignored because {1} is also {2}: keep one of them in AdditionalFiles",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0013"));

    public static readonly DiagnosticDescriptor JsonTooDeep = new(
        "BG0014",
        "JSON nested too deeply",
        "The JSON nests deeper than {0} levels here: backends files need only a few levels (kind, connection, setting), so flatten it",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0014"));

    public static readonly DiagnosticDescriptor FileTooLarge = new(
        "BG0015",
        "Backends file too large",
        "{0} has {1} characters, more than the limit of {2}: a backends file declares connections and their settings, so keep data out of it",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0015"));

    public static readonly DiagnosticDescriptor InvalidAdapter = new(
        "BG0016",
        "Invalid backend adapter declaration",
        "The BackendAdapter declaration for '{0}' in {1} is ignored: {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0016"));

    public static readonly DiagnosticDescriptor DuplicateKey = new(
        "BG0017",
        "Duplicate key",
        "The key \"{0}\" appears twice in this object (first on line {1}): remove one, this one is ignored",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0017"));

    public static readonly DiagnosticDescriptor GeneratorFailure = new(
        "BG0018",
        "BackendGen generator failure",
        "The BackendGen generator failed while {0} ({1}: {2}): nothing was generated, please report this with the backends file that caused it",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0018"));

    public static readonly DiagnosticDescriptor UnsupportedSetting = new(
        "BG0019",
        "Setting cannot be written in JSON",
        "{0} has the type {1}, which a backends file cannot set: remove it here and set it in code",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0019"));

    public static readonly DiagnosticDescriptor InvalidOption = new(
        "BG0020",
        "Invalid BackendGen MSBuild property",
        "The MSBuild property {0} is '{1}', which is not {2}: write {3}; {4} is used instead",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0020"));

    public static readonly DiagnosticDescriptor RuntimeNotReferenced = new(
        "BG0021",
        "Backends.Runtime not referenced",
        "{0} declares backends, but the project does not reference Backends.Runtime: add a reference to the Backends.Runtime package (each adapter package brings it)",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0021"));

    public static readonly DiagnosticDescriptor DapperCallNotIntercepted = new(
        "BG0022",
        "Dapper call that Dapper.AOT cannot intercept",
        "Dapper.AOT cannot intercept this {0} call: the type of '{1}' comes from the generated '{2}', which Dapper.AOT does not see, so under native AOT the call fails with \"Dynamic code generation is not supported\"; declare the variable with its type ({3} connection = ...) or pass the handle to a method that takes it as a parameter",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0022"));

    public static readonly DiagnosticDescriptor StoreTierNotDeclared = new(
        "BG0030",
        "Store tier names no declared connection",
        "The store '{0}' names '{1}' as its {2}, which is not a declared connection: {3}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0030"));

    public static readonly DiagnosticDescriptor StoreTierNotKeyValue = new(
        "BG0031",
        "Store tier is not a key/value store",
        "The store '{0}' uses '{1}' as its {2}, but {3} does not implement Backends.Runtime.IKeyValueStore: use a memcached, mysql, sqlite or mongodb connection",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0031"));

    public static readonly DiagnosticDescriptor InvalidStoreName = new(
        "BG0032",
        "Store name cannot become a C# identifier",
        "The store name '{0}' cannot become a C# identifier: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0032"));

    public static readonly DiagnosticDescriptor StoreSameTiers = new(
        "BG0033",
        "Store uses one connection as both tiers",
        "The store '{0}' uses '{1}' as both its cache and its storage: a store needs two different connections",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For("BG0033"));
}
