using System;
using Backends.Generator.Diagnostics;
using Backends.Generator.Features.DeclaredData;
using Backends.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Backends.Generator.Features.MongoDb;

/// <summary>
/// The MongoDB feature module, declared collections, as pipeline steps of its own: it takes the <c>"collections"</c>
/// the core handed over (<see cref="GenerationSpec.DeclaredData"/>), reads the document types from the compilation
/// (reduced at once to equatable specs), binds both against the core model without changing it, and writes its own
/// source and diagnostics. What the core needs back is only which connections get a generated handle.
/// </summary>
internal static class MongoPipeline
{
    /// <summary>The MSBuild property that turns the generated serializers off (the driver's class maps are used instead).</summary>
    public const string SerializersProperty = "BackendsMongoSerializers";

    /// <summary>Tracked step name of this module's declared data, selected from the core model.</summary>
    public const string DeclaredDataStep = "MongoDeclaredData";

    /// <summary>Tracked step names, so tests can check what was cached.</summary>
    public const string CollectionsStep = "MongoCollections";

    /// <summary>Tracked step name of the document types read from the compilation.</summary>
    public const string DocumentsStep = "MongoDocuments";

    /// <summary>Tracked step name of the bound model.</summary>
    public const string ModelStep = "MongoModel";

    /// <summary>Tracked step name of the generated handles handed back to the core.</summary>
    public const string HandlesStep = "MongoHandles";

    /// <summary>Tracked step name of the repository sources handed to the repositories module.</summary>
    public const string RepositorySourcesStep = "MongoRepositorySources";

    /// <summary>
    /// Adds the module's steps and source output; returns the handles it generates, for the core's accessors, and the
    /// declared collections as repository sources, for the repositories module.
    /// </summary>
    public static (IncrementalValueProvider<EquatableArray<GeneratedHandleSpec>> Handles, IncrementalValueProvider<EquatableArray<RepositorySource>> RepositorySources) Initialize(
        IncrementalGeneratorInitializationContext context,
        IncrementalValueProvider<GenerationSpec> model)
    {
        var (declarations, documents) = DeclaredDataPipeline.Read(
            context,
            model,
            MongoCollectionReader.Kind,
            MongoCollectionReader.Key,
            MongoCollectionReader.Read,
            DocumentTypeReader.Read,
            typesFailed: static d => DocumentModel.Empty with { Diagnostics = EquatableArray.Create(d) },
            "reading the MongoDB collections",
            DeclaredDataStep,
            CollectionsStep,
            DocumentsStep);

        var serializers = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) =>
                !provider.GlobalOptions.TryGetValue("build_property." + SerializersProperty, out var value) ||
                !string.Equals(value?.Trim(), "false", StringComparison.OrdinalIgnoreCase));

        var generation = model
            .Combine(declarations)
            .Combine(documents)
            .Combine(serializers)
            .Select(static (input, _) => Guard(
                () => MongoBinder.Bind(input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right),
                d => MongoGeneration.Empty with { Diagnostics = EquatableArray.Create(d) }))
            .WithTrackingName(ModelStep);

        return DeclaredDataPipeline.Output<MongoGeneration, MongoCollectionSpec>(context, generation, MongoEmitter.Emit, HandlesStep, RepositorySourcesStep);
    }

    /// <summary>Runs one step; an unexpected exception becomes a BG0018 diagnostic instead of CS8785.</summary>
    private static T Guard<T>(Func<T> step, Func<DiagnosticInfo, T> failed) => StepGuard.Run(step, failed, "reading the MongoDB collections");
}
