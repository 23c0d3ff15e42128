using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Backends.Generator.Diagnostics;
using Backends.Generator.Emit;
using Backends.Generator.Model;
using Backends.Generator.Features.DynamoDb;
using Backends.Generator.Features.MongoDb;
using Backends.Generator.Features.Repositories;
using Backends.Generator.Parsing;
using Backends.Generator.Binding;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Backends.Generator;

/// <summary>
/// Generates typed accessors and start-up code from <c>backends.json</c>. This class only wires the pipeline:
/// options, adapters and files are each reduced to small equatable models first, and only then combined.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class BackendsGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => ReadOptions(provider.GlobalOptions))
            .WithTrackingName(TrackingNames.Options);

        var adapters = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => Guard(() => AdapterReader.Read(compilation, cancellationToken), FailedAdapters))
            .WithTrackingName(TrackingNames.Adapters);

        // Every adapter settings type this compilation sees gets its ToString()/secrets schema from its [Setting] attributes.
        context.RegisterSourceOutput(adapters, static (production, adapters) => SchemaEmitter.Emit(production, adapters));

        var files = context.AdditionalTextsProvider
            .Where(static file => ConfigParser.IsConfigFile(file.Path))
            .Select(static (file, cancellationToken) => ConfigParser.Parse(file, cancellationToken))
            .WithTrackingName(TrackingNames.ConfigFiles)
            .Collect()
            .WithTrackingName(TrackingNames.AllConfigFiles);

        var model = files
            .Combine(adapters)
            .Combine(options)
            .Select(static (input, cancellationToken) => Guard(
                () => ModelBuilder.Build(input.Left.Left, input.Left.Right, input.Right, cancellationToken),
                FailedModel))
            .WithTrackingName(TrackingNames.Model);

        // Feature modules: each reads the declared data its adapter owns and the bound model, and writes its own source.
        // They hand back which connections get a generated handle (a class deriving from the adapter's handle), and
        // their declared data as repository sources for the "repositories" section.
        var mongo = MongoPipeline.Initialize(context, model);
        var dynamo = DynamoPipeline.Initialize(context, model);
        var handles = mongo.Handles
            .Combine(dynamo.Handles)
            .Select(static (input, _) => Concat(input.Left, input.Right))
            .WithTrackingName(TrackingNames.Handles);
        var sources = mongo.RepositorySources
            .Combine(dynamo.RepositorySources)
            .Select(static (input, _) => Concat(input.Left, input.Right))
            .WithTrackingName(TrackingNames.RepositorySources);
        RepositoriesPipeline.Initialize(context, model, sources);

        // Each connection's code is written in a step of its own: a value changed in one connection rewrites only its code.
        var connectionCode = model
            .Combine(handles)
            .SelectMany(static (input, _) => ConnectionEmitter.Inputs(input.Left, input.Right))
            .Select(static (input, _) => ConnectionEmitter.Emit(input))
            .WithTrackingName(TrackingNames.ConnectionCode)
            .Collect();

        context.RegisterSourceOutput(
            model.Combine(connectionCode),
            static (production, input) => OutputEmitter.Emit(production, input.Left, input.Right));
    }

    private static EquatableArray<T> Concat<T>(EquatableArray<T> left, EquatableArray<T> right)
        where T : IEquatable<T> =>
        left.IsEmpty ? right : right.IsEmpty ? left : left.Concat(right).ToEquatableArray();

    private static GeneratorOptions ReadOptions(AnalyzerConfigOptions options)
    {
        static string? Read(AnalyzerConfigOptions options, string name) =>
            options.TryGetValue("build_property." + name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        return new GeneratorOptions(Read(options, "BackendsNamespace"), Read(options, "RootNamespace"), Read(options, "BackendsClassName"));
    }

    /// <summary>Runs one pipeline step; an unexpected exception becomes a BG0018 diagnostic instead of CS8785.</summary>
    private static T Guard<T>(Func<T> step, Func<DiagnosticInfo, T> failed) => StepGuard.Run(step, failed, "generating the backends code");

    private static AdapterSet FailedAdapters(DiagnosticInfo diagnostic) =>
        new(EquatableArray<AdapterSpec>.Empty, EquatableArray<string>.Empty, false, false, EquatableArray.Create(diagnostic));

    private static GenerationSpec FailedModel(DiagnosticInfo diagnostic) => GenerationSpec.Nothing(EquatableArray.Create(diagnostic));
}
