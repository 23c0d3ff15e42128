using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Backends.Generator.Diagnostics;
using Backends.Generator.Model;
using Backends.Generator.Naming;
using Microsoft.CodeAnalysis;

namespace Backends.Generator.Parsing;

/// <summary>
/// Reduces the compilation to the adapters it can see: every <c>[assembly: BackendAdapter]</c> on the compilation
/// and its references, with the handle, settings and native client types and the settings schema. Runs on every
/// compilation change, so it touches only assembly attributes and the few types they name.
/// </summary>
internal static class AdapterReader
{
    /// <summary>Nested settings classes deeper than this are not followed (and a class that contains itself stops too).</summary>
    private const int MaxNesting = 4;

    private static readonly ImmutableHashSet<string> s_reservedClassNames = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "Registry", "All", "InitializeAsync", "DisposeAsync", "ActivitySourceNames", "MeterNames", "Equals", "GetHashCode", "GetType", "ToString", "ReferenceEquals", "MemberwiseClone", "Finalize");

    /// <summary>Packages of the adapters the generator knows by name, for kinds used without their adapter referenced.</summary>
    public static readonly ImmutableDictionary<string, string> KnownPackages = ImmutableDictionary.CreateRange(
        StringComparer.Ordinal,
        [
            new KeyValuePair<string, string>("mysql", "Backends.MySql"),
            new KeyValuePair<string, string>("mongodb", "Backends.MongoDb"),
            new KeyValuePair<string, string>("memcached", "Backends.Memcached"),
            new KeyValuePair<string, string>("sqlite", "Backends.Sqlite"),
        ]);

    public static AdapterSet Read(Compilation compilation, CancellationToken cancellationToken)
    {
        var types = KnownTypes.Find(compilation);
        if (types is null)
        {
            return new AdapterSet(EquatableArray<AdapterSpec>.Empty, EquatableArray<string>.Empty, false, false, EquatableArray<DiagnosticInfo>.Empty);
        }

        var declarations = new List<(string Kind, string Assembly, AttributeData Attribute)>();
        foreach (var assembly in new[] { compilation.Assembly }.Concat(compilation.SourceModule.ReferencedAssemblySymbols))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var attribute in assembly.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.AdapterAttribute) &&
                    attribute.ConstructorArguments.Length == 3 &&
                    attribute.ConstructorArguments[0].Value is string kind)
                {
                    declarations.Add((kind, assembly.Identity.Name, attribute));
                }
            }
        }

        var adapters = new List<AdapterSpec>();
        var invalidKinds = new SortedSet<string>(StringComparer.Ordinal);
        var diagnostics = new List<DiagnosticInfo>();
        var byKind = new Dictionary<string, string>(StringComparer.Ordinal);
        var byClassName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (kind, assemblyName, attribute) in declarations.OrderBy(d => d.Kind, StringComparer.Ordinal).ThenBy(d => d.Assembly, StringComparer.Ordinal))
        {
            var reader = new SchemaReader(compilation, types);
            var adapter = ReadAdapter(compilation, types, reader, kind, assemblyName, attribute, out var problem);
            if (adapter is not null && byKind.TryGetValue(kind, out var firstAssembly))
            {
                problem = $"{firstAssembly} already declares the kind '{kind}'; reference only one adapter per kind";
                adapter = null;
            }
            else if (adapter is not null && byClassName.TryGetValue(adapter.ClassName, out var otherKind))
            {
                problem = $"its class name {adapter.ClassName} is also the class name of the kind '{otherKind}'; give one of them another ClassName";
                adapter = null;
            }

            if (adapter is null)
            {
                if (!byKind.ContainsKey(kind))
                {
                    invalidKinds.Add(kind);
                }

                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InvalidAdapter,
                    LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation()),
                    kind,
                    assemblyName,
                    problem ?? "it is not valid"));
                continue;
            }

            byKind[kind] = assemblyName;
            byClassName[adapter.ClassName] = kind;
            adapters.Add(adapter);
        }

        invalidKinds.ExceptWith(byKind.Keys);
        return new AdapterSet(
            adapters.ToEquatableArray(),
            invalidKinds.ToEquatableArray(),
            true,
            types.HasHosting,
            diagnostics.ToEquatableArray());
    }

    private static AdapterSpec? ReadAdapter(
        Compilation compilation,
        KnownTypes types,
        SchemaReader schemaReader,
        string kind,
        string assemblyName,
        AttributeData attribute,
        out string? problem)
    {
        problem = null;
        if (kind.Length == 0 || !kind.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_'))
        {
            problem = "the kind must be a non-empty name of letters, digits, '-' and '_', for example \"mysql\"";
            return null;
        }

        if (attribute.ConstructorArguments[1].Value is not INamedTypeSymbol handle || handle.TypeKind == TypeKind.Error ||
            attribute.ConstructorArguments[2].Value is not INamedTypeSymbol settings || settings.TypeKind == TypeKind.Error)
        {
            problem = "its handle or settings type cannot be found; reference the assemblies that declare them";
            return null;
        }

        string? className = null;
        string? packageId = null;
        var activitySources = EquatableArray<string>.Empty;
        var meters = EquatableArray<string>.Empty;
        var declaredDataKeys = EquatableArray<string>.Empty;
        foreach (var named in attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "ClassName":
                    className = named.Value.Value as string;
                    break;
                case "PackageId":
                    packageId = named.Value.Value as string;
                    break;
                case "ActivitySourceNames":
                    activitySources = TelemetryNames(named.Value);
                    break;
                case "MeterNames":
                    meters = TelemetryNames(named.Value);
                    break;
                case "DeclaredDataKeys":
                    declaredDataKeys = TelemetryNames(named.Value);
                    break;
            }
        }

        className = string.IsNullOrEmpty(className) ? Names.ToPascalCase(kind) : className!;
        if (!Names.IsIdentifier(className))
        {
            problem = $"its ClassName '{className}' is not a C# identifier; write a name such as \"{Names.ToPascalCase(kind)}\"";
            return null;
        }

        if (s_reservedClassNames.Contains(className))
        {
            problem = $"its ClassName '{className}' is taken by a member of the generated class; set ClassName to another name";
            return null;
        }

        if (handle.IsAbstract || handle.IsUnboundGenericType || handle.TypeKind != TypeKind.Class || !compilation.IsSymbolAccessibleWithin(handle, compilation.Assembly))
        {
            problem = $"the handle type {handle.ToDisplayString()} must be an accessible, non-abstract class";
            return null;
        }

        ITypeSymbol? instance = null;
        for (var type = handle.BaseType; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, types.ConnectionBase))
            {
                instance = type.TypeArguments[0];
                break;
            }
        }

        if (instance is null)
        {
            problem = $"the handle type {handle.ToDisplayString()} does not derive from Backends.Runtime.BackendConnection<TInstance>; derive it from BackendConnection<TClient>";
            return null;
        }

        if (settings.IsAbstract || settings.TypeKind != TypeKind.Class || !DerivesFrom(settings, types.SettingsBase) ||
            !HasPublicParameterlessConstructor(settings) || !compilation.IsSymbolAccessibleWithin(settings, compilation.Assembly))
        {
            problem = $"the settings type {settings.ToDisplayString()} must be an accessible, non-abstract class deriving from Backends.Runtime.BackendSettings with a public parameterless constructor";
            return null;
        }

        // (string kind, string name, SettingsFactory<TSettings> settings): generated code passes the kind of this attribute.
        var hasConstructor = handle.InstanceConstructors.Any(c =>
            c.DeclaredAccessibility == Accessibility.Public &&
            c.Parameters.Length == 3 &&
            c.Parameters[0].Type.SpecialType == SpecialType.System_String &&
            c.Parameters[1].Type.SpecialType == SpecialType.System_String &&
            c.Parameters[2].Type is INamedTypeSymbol factory &&
            SymbolEqualityComparer.Default.Equals(factory.OriginalDefinition, types.SettingsFactory) &&
            SymbolEqualityComparer.Default.Equals(factory.TypeArguments[0], settings));
        if (!hasConstructor)
        {
            problem = $"the handle type {handle.ToDisplayString()} needs a public constructor ({handle.Name}(string kind, string name, SettingsFactory<{settings.Name}> settings)), which generated code calls with the kind";
            return null;
        }

        if (string.IsNullOrEmpty(packageId))
        {
            packageId = KnownPackages.TryGetValue(kind, out var known) ? known : assemblyName;
        }

        var schema = schemaReader.Read(settings, 0, ImmutableHashSet.Create<ITypeSymbol>(SymbolEqualityComparer.Default, settings));
        if (declaredDataKeys.FirstOrDefault(key => schema.Settings.Any(s => s.Key == key)) is { } settingKey)
        {
            problem = $"its DeclaredDataKeys names '{settingKey}', which is a setting of {settings.ToDisplayString()}; a key is either a setting or declared data";
            return null;
        }

        return new AdapterSpec(
            kind,
            className,
            handle.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            settings.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            instance.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            packageId!,
            schema,
            activitySources,
            meters)
        {
            IsKeyValueStore = handle.AllInterfaces.Any(i => i.ToDisplayString() == "Backends.Runtime.IKeyValueStore"),
            DeclaredDataKeys = declaredDataKeys,
            HandleMemberNames = declaredDataKeys.IsEmpty ? EquatableArray<string>.Empty : InheritedMemberNames(handle),
            IsSettingsInCompilation = SymbolEqualityComparer.Default.Equals(settings.ContainingAssembly, compilation.Assembly),
        };
    }

    /// <summary>
    /// The names a class deriving from <paramref name="handle"/> inherits and must not hide: every non-private member of the
    /// handle and its base classes down to <see cref="object"/> (properties, methods, events, fields, nested types), sorted.
    /// The symbols are reduced to names here, so nothing of the compilation reaches the cached model. Feature modules use it
    /// for the classes they generate too (a DynamoDB table class and its index accessors).
    /// </summary>
    internal static EquatableArray<string> InheritedMemberNames(INamedTypeSymbol handle)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        for (INamedTypeSymbol? type = handle; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                var name = member.Name;
                if (member.DeclaredAccessibility == Accessibility.Private || member.IsImplicitlyDeclared ||
                    member is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } or IMethodSymbol { AssociatedSymbol: not null } ||
                    name.IndexOf('.') >= 0 || name.IndexOf('<') >= 0)
                {
                    continue; // invisible to a derived class, or not a name it declares (constructors, accessors, explicit implementations)
                }

                names.Add(name);
            }
        }

        return names.ToEquatableArray();
    }

    /// <summary>The non-empty strings of a <c>string[]</c> attribute argument, in order, without duplicates.</summary>
    private static EquatableArray<string> TelemetryNames(TypedConstant argument) =>
        argument.Kind == TypedConstantKind.Array && !argument.IsNull
            ? argument.Values.Select(v => v.Value as string).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).Distinct(StringComparer.Ordinal).ToEquatableArray()
            : EquatableArray<string>.Empty;

    internal static bool DerivesFrom(ITypeSymbol type, ITypeSymbol baseType)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool HasPublicParameterlessConstructor(INamedTypeSymbol type) =>
        type.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.Length == 0);

    /// <summary>Reads a settings class into a <see cref="SettingsSchema"/>.</summary>
    private sealed class SchemaReader(Compilation compilation, KnownTypes types)
    {
        public SettingsSchema Read(INamedTypeSymbol type, int depth, ImmutableHashSet<ITypeSymbol> path)
        {
            var settings = new List<SettingSpec>();
            var requireOneOf = new List<RequireOneOfSpec>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                foreach (var attribute in current.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.RequireOneOfAttribute) &&
                        attribute.ConstructorArguments.Length == 1 &&
                        attribute.ConstructorArguments[0].Kind == TypedConstantKind.Array)
                    {
                        var keys = attribute.ConstructorArguments[0].Values.Select(v => v.Value as string).Where(k => !string.IsNullOrEmpty(k)).Select(k => k!).ToArray();
                        if (keys.Length > 0)
                        {
                            requireOneOf.Add(new RequireOneOfSpec(new EquatableArray<string>(keys)));
                        }
                    }
                }

                foreach (var member in current.GetMembers())
                {
                    if (member is not IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod.DeclaredAccessibility: Accessibility.Public } property ||
                        !seen.Add(property.Name))
                    {
                        continue;
                    }

                    if (ReadSetting(property, depth, path) is { } setting)
                    {
                        settings.Add(setting);
                    }
                }
            }

            return new SettingsSchema(settings.ToEquatableArray(), requireOneOf.ToEquatableArray());
        }

        private SettingSpec? ReadSetting(IPropertySymbol property, int depth, ImmutableHashSet<ITypeSymbol> path)
        {
            var settable = property.SetMethod is { DeclaredAccessibility: Accessibility.Public, IsInitOnly: false };
            string? key = null;
            var required = false;
            var secret = false;
            var secretKeys = EquatableArray<string>.Empty;
            double? min = null;
            double? max = null;
            if (FindSettingAttribute(property) is { } attribute)
            {
                if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string explicitKey && explicitKey.Length > 0)
                {
                    key = explicitKey;
                }

                foreach (var named in attribute.NamedArguments)
                {
                    switch (named.Key, named.Value.Value)
                    {
                        case ("Required", bool value):
                            required = value;
                            break;
                        case ("Secret", bool value):
                            secret = value;
                            break;
                        case ("SecretKeys", string value):
                            secretKeys = value.Split(',').Select(k => References.NormalizeKey(k)).Where(k => k.Length > 0).ToEquatableArray();
                            break;
                        case ("Min", double value) when !double.IsNaN(value):
                            min = value;
                            break;
                        case ("Max", double value) when !double.IsNaN(value):
                            max = value;
                            break;
                    }
                }
            }

            var type = property.Type;
            bool nullable;
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } wrapped)
            {
                type = wrapped.TypeArguments[0];
                nullable = true;
            }
            else
            {
                nullable = type.IsReferenceType && property.NullableAnnotation != NullableAnnotation.NotAnnotated;
            }

            var (settingType, listShape) = Classify(type);
            SettingsSchema? nested = null;
            var enumMembers = EquatableArray<string>.Empty;
            if (settingType == SettingType.Object)
            {
                if (depth >= MaxNesting || path.Contains(type))
                {
                    settingType = SettingType.Unsupported;
                }
                else if (!settable && nullable)
                {
                    return null;
                }
                else
                {
                    nested = Read((INamedTypeSymbol)type, depth + 1, path.Add(type));
                }
            }
            else if (!settable)
            {
                return null;
            }

            if (settingType == SettingType.Enum)
            {
                enumMembers = type.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).Select(f => f.Name).ToEquatableArray();
            }

            var typeName = settingType == SettingType.Unsupported
                ? property.Type.ToDisplayString()
                : type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            return new SettingSpec(
                key ?? Names.ToCamelCase(property.Name),
                property.Name,
                settingType,
                typeName,
                nullable,
                settable,
                required,
                min,
                max,
                secret,
                listShape,
                enumMembers,
                nested)
            {
                SecretKeys = secretKeys,
            };
        }

        private AttributeData? FindSettingAttribute(IPropertySymbol property)
        {
            for (var current = property; current is not null; current = current.OverriddenProperty)
            {
                foreach (var attribute in current.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.SettingAttribute))
                    {
                        return attribute;
                    }
                }
            }

            return null;
        }

        private (SettingType Type, ListShape Shape) Classify(ITypeSymbol type)
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_String:
                    return (SettingType.String, default);
                case SpecialType.System_Boolean:
                    return (SettingType.Boolean, default);
                case SpecialType.System_Int32:
                    return (SettingType.Int32, default);
                case SpecialType.System_Int64:
                    return (SettingType.Int64, default);
                case SpecialType.System_Double:
                    return (SettingType.Double, default);
            }

            if (type is INamedTypeSymbol { Name: "TimeSpan", Arity: 0 } timeSpan && IsIn(timeSpan, "System"))
            {
                return (SettingType.Duration, default);
            }

            if (type.TypeKind == TypeKind.Enum)
            {
                return (SettingType.Enum, default);
            }

            if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_String })
            {
                return (SettingType.StringList, ListShape.Array);
            }

            if (type is INamedTypeSymbol { IsGenericType: true } generic)
            {
                var definition = generic.OriginalDefinition;
                var arguments = generic.TypeArguments;
                if (arguments.Length == 1 && arguments[0].SpecialType == SpecialType.System_String)
                {
                    switch (definition.SpecialType)
                    {
                        case SpecialType.System_Collections_Generic_IEnumerable_T:
                        case SpecialType.System_Collections_Generic_ICollection_T:
                        case SpecialType.System_Collections_Generic_IList_T:
                        case SpecialType.System_Collections_Generic_IReadOnlyCollection_T:
                        case SpecialType.System_Collections_Generic_IReadOnlyList_T:
                            return (SettingType.StringList, ListShape.Array);
                    }

                    if (definition.Name == "List" && IsIn(definition, "System.Collections.Generic"))
                    {
                        return (SettingType.StringList, ListShape.List);
                    }
                }

                if (arguments.Length == 2 &&
                    arguments[0].SpecialType == SpecialType.System_String &&
                    arguments[1].SpecialType == SpecialType.System_String &&
                    definition.Name is "Dictionary" or "IDictionary" or "IReadOnlyDictionary" &&
                    IsIn(definition, "System.Collections.Generic"))
                {
                    return (SettingType.StringMap, default);
                }
            }

            if (type is INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false, IsGenericType: false } named &&
                HasPublicParameterlessConstructor(named) &&
                compilation.IsSymbolAccessibleWithin(named, compilation.Assembly) &&
                named.ContainingNamespace?.ToDisplayString() is not ("System" or "System.Collections.Generic"))
            {
                return (SettingType.Object, default);
            }

            return (SettingType.Unsupported, default);
        }

        private static bool IsIn(INamedTypeSymbol type, string ns) =>
            type.ContainingType is null && type.ContainingNamespace?.ToDisplayString() == ns;
    }

    /// <summary>The runtime and framework types the reader compares against; null when Backends.Runtime is not referenced.</summary>
    private sealed class KnownTypes
    {
        public INamedTypeSymbol AdapterAttribute { get; private set; } = null!;

        public INamedTypeSymbol SettingAttribute { get; private set; } = null!;

        public INamedTypeSymbol? RequireOneOfAttribute { get; private set; }

        public INamedTypeSymbol ConnectionBase { get; private set; } = null!;

        public INamedTypeSymbol SettingsBase { get; private set; } = null!;

        public INamedTypeSymbol SettingsFactory { get; private set; } = null!;

        public bool HasHosting { get; private set; }

        public static KnownTypes? Find(Compilation compilation)
        {
            if (compilation.GetTypeByMetadataName("Backends.Runtime.BackendAdapterAttribute") is not { } adapterAttribute ||
                compilation.GetTypeByMetadataName("Backends.Runtime.SettingAttribute") is not { } settingAttribute ||
                compilation.GetTypeByMetadataName("Backends.Runtime.BackendConnection`1") is not { } connectionBase ||
                compilation.GetTypeByMetadataName("Backends.Runtime.BackendSettings") is not { } settingsBase ||
                compilation.GetTypeByMetadataName("Backends.Runtime.SettingsFactory`1") is not { } settingsFactory)
            {
                return null;
            }

            var serviceExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions");
            return new KnownTypes
            {
                AdapterAttribute = adapterAttribute,
                SettingAttribute = settingAttribute,
                RequireOneOfAttribute = compilation.GetTypeByMetadataName("Backends.Runtime.RequireOneOfAttribute"),
                ConnectionBase = connectionBase,
                SettingsBase = settingsBase,
                SettingsFactory = settingsFactory,
                HasHosting =
                    compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.IServiceCollection") is not null &&
                    compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration.IConfiguration") is not null &&
                    compilation.GetTypeByMetadataName("Backends.Hosting.BackendServiceCollectionExtensions") is not null &&
                    serviceExtensions is not null &&
                    !serviceExtensions.GetMembers("AddKeyedSingleton").IsEmpty,
            };
        }
    }
}
