using System.Linq;
using Backends.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Backends.Generator.Features.MongoDb;

/// <summary>
/// Wires the declared MongoDB collections into the generator: the declarations come from the parsed backends files,
/// the document types from the compilation (reduced at once to equatable specs), and both are bound to the validated
/// model before anything is emitted.
/// </summary>
internal static class MongoPipeline
{
    /// <summary>The MSBuild property that turns the generated serializers off (the driver's class maps are used instead).</summary>
    public const string SerializersProperty = "BackendsMongoSerializers";

    /// <summary>Tracked step names, so tests can check what was cached.</summary>
    public const string CollectionsStep = "MongoCollections";

    /// <summary>Tracked step name of the document types read from the compilation.</summary>
    public const string DocumentsStep = "MongoDocuments";

    /// <summary>Tracked step name of the bound model.</summary>
    public const string ModelStep = "MongoModel";

    public static IncrementalValueProvider<MongoGeneration> Bind(
        IncrementalGeneratorInitializationContext context,
        IncrementalValueProvider<System.Collections.Immutable.ImmutableArray<ConfigSpec>> files,
        IncrementalValueProvider<GenerationSpec> model)
    {
        var declarations = files
            .Select(static (files, _) => Guard(() => MongoCollectionReader.Read(files), d => new MongoDeclarations(EquatableArray<CollectionDeclaration>.Empty, EquatableArray.Create(d))))
            .WithTrackingName(CollectionsStep);

        var documents = declarations
            .Select(static (declarations, _) => MongoCollectionReader.TypeNames(declarations))
            .Combine(context.CompilationProvider)
            .Select(static (input, cancellationToken) => Guard(() => DocumentTypeReader.Read(input.Left, input.Right, cancellationToken), d => DocumentModel.Empty with { Diagnostics = EquatableArray.Create(d) }))
            .WithTrackingName(DocumentsStep);

        var serializers = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) =>
                !provider.GlobalOptions.TryGetValue("build_property." + SerializersProperty, out var value) ||
                !string.Equals(value?.Trim(), "false", System.StringComparison.OrdinalIgnoreCase));

        return model
            .Combine(declarations)
            .Combine(documents)
            .Combine(serializers)
            .Select(static (input, _) => Guard(
                () => MongoBinder.Bind(input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right),
                d => new MongoGeneration(input.Left.Left.Left with { Diagnostics = input.Left.Left.Left.Diagnostics.Concat([d]).ToEquatableArray() }, EquatableArray<DocumentTypeSpec>.Empty)))
            .WithTrackingName(ModelStep);
    }

    /// <summary>Runs one step; an unexpected exception becomes a BG0018 diagnostic instead of CS8785.</summary>
    private static T Guard<T>(System.Func<T> step, System.Func<DiagnosticInfo, T> failed)
    {
        try
        {
            return step();
        }
        catch (System.Exception ex) when (ex is not System.OperationCanceledException)
        {
            return failed(DiagnosticInfo.Create(Diagnostics.DiagnosticDescriptors.GeneratorFailure, null, "reading the MongoDB collections", ex.GetType().Name, ex.Message));
        }
    }
}
