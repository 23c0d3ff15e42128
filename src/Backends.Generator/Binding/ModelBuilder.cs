using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Backends.Generator.Diagnostics;
using Backends.Generator.Naming;
using Backends.Generator.Model;
using Backends.Generator.Parsing;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Backends.Generator.Binding;

/// <summary>
/// Joins the backends files, the referenced adapters and the MSBuild options into what is generated: picks the
/// base file and the overlays, resolves each kind to its adapter, names every connection, validates every value,
/// and collects every diagnostic.
/// </summary>
internal static class ModelBuilder
{
    private const string DefaultClassName = "Db";

    private static readonly string[] s_generatedMembers = ["Registry", "All", "InitializeAsync", "DisposeAsync", "s_context", "s_registry"];

    /// <summary>Names a connection cannot take without hiding a member every class inherits.</summary>
    private static readonly ImmutableHashSet<string> s_objectMembers = ImmutableHashSet.Create(
        StringComparer.Ordinal, "Equals", "GetHashCode", "GetType", "ToString", "ReferenceEquals", "MemberwiseClone", "Finalize");

    public static GenerationSpec Build(ImmutableArray<ConfigSpec> files, AdapterSet adapters, GeneratorOptions options, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var file in files)
        {
            diagnostics.AddRange(file.Diagnostics);
        }

        diagnostics.AddRange(adapters.Diagnostics);
        if (files.IsEmpty)
        {
            return GenerationSpec.Nothing(diagnostics.ToEquatableArray());
        }

        var bases = files.Where(f => f.IsBase).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        if (bases.Count == 0)
        {
            foreach (var overlay in files)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OverlayWithoutBase, FileStart(overlay), overlay.FileName));
            }

            return GenerationSpec.Nothing(diagnostics.ToEquatableArray());
        }

        var baseFile = bases[0];
        foreach (var extra in bases.Skip(1))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateConfigFile, FileStart(extra), extra.Path, baseFile.Path, "a base file (backends.json)"));
        }

        var overlays = new List<ConfigSpec>();
        foreach (var group in files.Where(f => !f.IsBase).GroupBy(f => f.Environment!, StringComparer.OrdinalIgnoreCase)
                     .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
            overlays.Add(ordered[0]);
            foreach (var extra in ordered.Skip(1))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.DuplicateConfigFile, FileStart(extra), extra.Path, ordered[0].Path, $"an overlay for the environment '{group.Key}'"));
            }
        }

        if (!adapters.HasRuntime)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RuntimeNotReferenced, FileStart(baseFile), baseFile.FileName));
            return GenerationSpec.Nothing(diagnostics.ToEquatableArray());
        }

        if (!baseFile.IsValid)
        {
            return GenerationSpec.Nothing(diagnostics.ToEquatableArray());
        }

        var (ns, className) = ResolveNames(options, adapters, diagnostics);
        var builder = new Builder(baseFile, adapters, className, diagnostics, cancellationToken);
        builder.AddBase();
        foreach (var overlay in overlays.Where(o => o.IsValid))
        {
            builder.AddOverlay(overlay);
        }

        var kinds = builder.Build();
        var stores = builder.BuildStores(kinds);
        return new GenerationSpec(true, ns, className, adapters.HasHosting, kinds, diagnostics.ToEquatableArray())
        {
            Stores = stores,
            DeclaredData = builder.DeclaredData.ToEquatableArray(),
            Sections = overlays.Where(o => o.IsValid).Prepend(baseFile).SelectMany(f => f.Sections).ToEquatableArray(),
        };
    }

    private static (string? Namespace, string ClassName) ResolveNames(GeneratorOptions options, AdapterSet adapters, List<DiagnosticInfo> diagnostics)
    {
        var root = Sanitize(options.RootNamespace);
        var ns = root;
        if (!string.IsNullOrWhiteSpace(options.BackendsNamespace))
        {
            var requested = options.BackendsNamespace!.Trim();
            if (requested.StartsWith("global::", StringComparison.Ordinal))
            {
                requested = requested.Substring("global::".Length);
            }

            if (Names.IsNamespace(requested))
            {
                ns = requested;
            }
            else
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InvalidOption,
                    null,
                    "BackendsNamespace",
                    options.BackendsNamespace,
                    "a C# namespace",
                    "a dotted name such as MyApp.Data",
                    root is null ? "the global namespace" : "'" + root + "'"));
            }
        }

        var className = DefaultClassName;
        if (!string.IsNullOrWhiteSpace(options.ClassName))
        {
            var requested = options.ClassName!.Trim();
            if (Names.IsIdentifier(requested))
            {
                className = requested;
            }
            else
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InvalidOption, null, "BackendsClassName", options.ClassName, "a C# identifier", "a name such as Db", "'Db'"));
            }
        }

        var clash = adapters.Adapters.FirstOrDefault(a => a.ClassName == className);
        if (clash is not null)
        {
            var fallback = adapters.Adapters.Any(a => a.ClassName == DefaultClassName) ? "Backends" : DefaultClassName;
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.InvalidOption,
                null,
                "BackendsClassName",
                className,
                $"usable, as the accessor class of the '{clash.Kind}' backend has that name",
                "another name",
                "'" + fallback + "'"));
            className = fallback;
        }

        return (ns, className);
    }

    /// <summary>RootNamespace defaults to the project name, which may hold characters C# does not allow; fix them as Visual Studio does.</summary>
    private static string? Sanitize(string? rootNamespace)
    {
        if (string.IsNullOrWhiteSpace(rootNamespace))
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var part in rootNamespace!.Trim().Split('.'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var builder = new StringBuilder(part.Length + 1);
            foreach (var c in part)
            {
                builder.Append(SyntaxFacts.IsIdentifierPartCharacter(c) ? c : '_');
            }

            if (!SyntaxFacts.IsIdentifierStartCharacter(builder[0]))
            {
                builder.Insert(0, '_');
            }

            var name = builder.ToString();
            parts.Add(SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "_" + name);
        }

        return parts.Count == 0 ? null : string.Join(".", parts);
    }

    private static LocationInfo FileStart(ConfigSpec file) => new(file.Path, new TextSpan(0, 0), new LinePositionSpan(default, default));

    /// <summary>Builds the kinds and connections of one generation, keeping every generated name unique.</summary>
    private sealed class Builder
    {
        private readonly ConfigSpec _baseFile;
        private readonly AdapterSet _adapters;
        private readonly List<DiagnosticInfo> _diagnostics;
        private readonly CancellationToken _cancellationToken;
        private readonly HashSet<string> _memberNames = new(StringComparer.Ordinal);
        private readonly List<KindBuilder> _kinds = [];
        private readonly List<DeclaredDataSpec> _declaredData = [];
        private readonly HashSet<string> _baseKinds = new(StringComparer.Ordinal);
        private KindSection? _stores;

        public Builder(ConfigSpec baseFile, AdapterSet adapters, string className, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            _baseFile = baseFile;
            _adapters = adapters;
            _diagnostics = diagnostics;
            _cancellationToken = cancellationToken;
            _memberNames.Add(className);
            _memberNames.UnionWith(s_generatedMembers);
            _memberNames.UnionWith(adapters.Adapters.Select(a => a.ClassName));
        }

        /// <summary>The keys adapters own as declared data, in the order they were met: the base file first.</summary>
        public IReadOnlyList<DeclaredDataSpec> DeclaredData => _declaredData;

        public void AddBase()
        {
            var path = _baseFile.Path;
            foreach (var section in _baseFile.Kinds)
            {
                _baseKinds.Add(section.Kind);
                if (section.Kind == StoreValidator.Section)
                {
                    _stores = section; // validated once every connection is known
                    continue;
                }

                var adapter = _adapters.Adapters.FirstOrDefault(a => a.Kind == section.Kind);
                if (adapter is null)
                {
                    ReportMissingAdapter(section, path);
                    continue;
                }

                var kind = new KindBuilder(adapter);
                _kinds.Add(kind);
                foreach (var connection in section.Connections)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    TakeDeclaredData(_baseFile, adapter, connection);
                    AddConnection(kind, connection);
                }
            }
        }

        public void AddOverlay(ConfigSpec overlay)
        {
            foreach (var section in overlay.Kinds)
            {
                if (!_baseKinds.Contains(section.Kind))
                {
                    _diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.OverlayDeclaresMissing, section.NameLocation(overlay.Path), overlay.FileName, "backend kind", MessageText.Shorten(section.Kind)));
                    continue;
                }

                var kind = _kinds.FirstOrDefault(k => k.Adapter.Kind == section.Kind);
                if (kind is null)
                {
                    continue; // the base file's kind has no usable adapter, which is reported there
                }

                foreach (var connection in section.Connections)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    TakeDeclaredData(overlay, kind.Adapter, connection);
                    if (!kind.DeclaredNames.Contains(connection.Name))
                    {
                        _diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.OverlayDeclaresMissing,
                            connection.NameLocation(overlay.Path),
                            overlay.FileName,
                            "connection",
                            MessageText.Shorten(section.Kind + "." + connection.Name)));
                        continue;
                    }

                    if (kind.Connections.FirstOrDefault(c => c.Name == connection.Name) is not { } target)
                    {
                        continue; // the base connection was rejected, which is reported there
                    }

                    var validator = new SettingsValidator(overlay.Path, section.Kind, connection.Name, isBase: false, _diagnostics);
                    var values = validator.ValidateObject(
                        WithoutDeclaredData(kind.Adapter, connection.Settings), kind.Adapter.Settings, "", connection.NameLocation(overlay.Path));
                    target.Overlays.Add(new OverlaySpec(overlay.Environment!, overlay.FileName, values));
                }
            }
        }

        public EquatableArray<StoreSpec> BuildStores(EquatableArray<KindSpec> kinds) =>
            _stores is null
                ? EquatableArray<StoreSpec>.Empty
                : StoreValidator.Validate(_stores, _baseFile.Path, _baseFile.FileName, kinds.ToList(), UniqueName, _diagnostics);

        public EquatableArray<KindSpec> Build() =>
            _kinds.Select(k => new KindSpec(
                k.Adapter.Kind,
                k.Adapter.ClassName,
                k.Connections.Select(c => c.Spec with { Overlays = c.Overlays.ToEquatableArray() }).ToEquatableArray())).ToEquatableArray();

        /// <summary>The settings object without the keys the adapter owns as declared data, which are not settings.</summary>
        private static JsonNode WithoutDeclaredData(AdapterSpec adapter, JsonNode settings) =>
            adapter.DeclaredDataKeys.IsEmpty || settings.Kind != JsonKind.Object || !settings.Members.Any(m => adapter.DeclaredDataKeys.Contains(m.Name))
                ? settings
                : settings with { Members = settings.Members.Where(m => !adapter.DeclaredDataKeys.Contains(m.Name)).ToEquatableArray() };

        /// <summary>Hands the keys the adapter owns as declared data, as written, to the feature modules.</summary>
        private void TakeDeclaredData(ConfigSpec file, AdapterSpec adapter, ConnectionSection connection)
        {
            if (adapter.DeclaredDataKeys.IsEmpty || connection.Settings.Kind != JsonKind.Object)
            {
                return;
            }

            foreach (var member in connection.Settings.Members)
            {
                if (adapter.DeclaredDataKeys.Contains(member.Name))
                {
                    _declaredData.Add(new DeclaredDataSpec(
                        adapter.Kind, connection.Name, member.Name, file.Path, file.FileName, file.Environment, member.NameLocation(file.Path), member.Value));
                }
            }
        }

        private void ReportMissingAdapter(KindSection section, string path)
        {
            if (_adapters.InvalidKinds.Contains(section.Kind))
            {
                return; // the adapter declaration is reported as invalid
            }

            if (AdapterReader.KnownPackages.TryGetValue(section.Kind, out var package))
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AdapterNotReferenced, section.NameLocation(path), section.Kind, package));
                return;
            }

            var known = _adapters.Adapters.Select(a => a.Kind).Concat(AdapterReader.KnownPackages.Keys).Distinct().OrderBy(k => k, StringComparer.Ordinal).ToList();
            var nearest = Names.Nearest(section.Kind, known);
            var advice = nearest is not null
                ? $"did you mean '{nearest}'?"
                : "write one of " + string.Join(", ", known) + ", or reference the adapter package that serves it";
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownKind, section.NameLocation(path), MessageText.Shorten(section.Kind), advice));
        }

        private void AddConnection(KindBuilder kind, ConnectionSection connection)
        {
            var path = _baseFile.Path;
            var adapter = kind.Adapter;
            kind.DeclaredNames.Add(connection.Name);
            var identifier = Names.ToPascalCase(connection.Name);
            if (InvalidNameReason(connection.Name, identifier, adapter) is { } reason)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidConnectionName, connection.NameLocation(path), MessageText.Shorten(connection.Name), reason));
                return;
            }

            var clash = kind.Connections.FirstOrDefault(c => string.Equals(c.Spec.Identifier, identifier, StringComparison.OrdinalIgnoreCase));
            if (clash is not null)
            {
                _diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ConnectionNameCollision,
                    connection.NameLocation(path),
                    connection.Name,
                    identifier,
                    clash.Name,
                    clash.Spec.Line.ToString(CultureInfo.InvariantCulture),
                    clash.Spec.Identifier));
                return;
            }

            var validator = new SettingsValidator(path, adapter.Kind, connection.Name, isBase: true, _diagnostics);
            var values = validator.ValidateObject(WithoutDeclaredData(adapter, connection.Settings), adapter.Settings, "", connection.NameLocation(path));
            var spec = new ConnectionSpec(
                adapter.Kind,
                connection.Name,
                identifier,
                adapter,
                UniqueName("s_" + Names.ToFieldPart(adapter.Kind) + "_" + Names.ToFieldPart(connection.Name)),
                connection.NameLineSpan.Start.Line + 1,
                _baseFile.FileName,
                values,
                EquatableArray<OverlaySpec>.Empty);
            kind.Connections.Add(new ConnectionBuilder(connection.Name, spec));
        }

        private static string? InvalidNameReason(string name, string identifier, AdapterSpec adapter)
        {
            if (identifier.Length == 0)
            {
                return "it has no letters or digits: write a name such as \"main\"";
            }

            if (char.IsDigit(identifier[0]))
            {
                return $"it starts with a digit, which C# identifiers cannot; start it with a letter, for example \"{adapter.Kind}-{MessageText.Shorten(name)}\"";
            }

            foreach (var c in identifier)
            {
                if (!SyntaxFacts.IsIdentifierPartCharacter(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format)
                {
                    return $"{MessageText.Describe(c)} cannot appear in an identifier: use letters, digits, '-', '_' or '.'";
                }
            }

            if (!SyntaxFacts.IsIdentifierStartCharacter(identifier[0]))
            {
                return $"it starts with {MessageText.Describe(identifier[0])}: start it with a letter";
            }

            if (identifier == adapter.ClassName)
            {
                return $"it becomes {identifier}, the name of the class that holds it: choose another name";
            }

            if (!Names.IsIdentifier(identifier))
            {
                return $"it becomes {identifier}, which C# does not accept as a name: choose another name";
            }

            return s_objectMembers.Contains(identifier)
                ? $"it becomes {identifier}, which would hide the {identifier} method every class has: choose another name"
                : null;
        }

        private string UniqueName(string candidate)
        {
            var name = candidate;
            for (var i = 2; !_memberNames.Add(name); i++)
            {
                name = candidate + "_" + i.ToString(CultureInfo.InvariantCulture);
            }

            return name;
        }

        private sealed class KindBuilder(AdapterSpec adapter)
        {
            public AdapterSpec Adapter { get; } = adapter;

            public List<ConnectionBuilder> Connections { get; } = [];

            public HashSet<string> DeclaredNames { get; } = new(StringComparer.Ordinal);
        }

        private sealed class ConnectionBuilder(string name, ConnectionSpec spec)
        {
            public string Name { get; } = name;

            public ConnectionSpec Spec { get; } = spec;

            public List<OverlaySpec> Overlays { get; } = [];
        }
    }
}
