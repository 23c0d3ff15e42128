using System;
using Backends.Generator.Diagnostics;
using Backends.Generator.Features.DeclaredData;
using Backends.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Backends.Generator.Features.DynamoDb;

/// <summary>
/// The DynamoDB feature module, declared tables, as pipeline steps of its own: it takes the <c>"tables"</c> the core
/// handed over (<see cref="GenerationSpec.DeclaredData"/>), reads the item types from the compilation (reduced at once
/// to equatable specs), binds both against the core model without changing it, and writes its own source and
/// diagnostics. What the core needs back is which connections get a generated handle; the repositories module gets the tables.
/// </summary>
internal static class DynamoPipeline
{
    /// <summary>Tracked step name of this module's declared data, selected from the core model.</summary>
    public const string DeclaredDataStep = "DynamoDeclaredData";

    /// <summary>Tracked step name of the declarations read from the declared data.</summary>
    public const string TablesStep = "DynamoTables";

    /// <summary>Tracked step name of the item types read from the compilation.</summary>
    public const string ItemsStep = "DynamoItems";

    /// <summary>Tracked step name of the bound model.</summary>
    public const string ModelStep = "DynamoModel";

    /// <summary>Tracked step name of the generated handles handed back to the core.</summary>
    public const string HandlesStep = "DynamoHandles";

    /// <summary>Tracked step name of the repository sources handed to the repositories module.</summary>
    public const string RepositorySourcesStep = "DynamoRepositorySources";

    /// <summary>
    /// Adds the module's steps and source output; returns the handles it generates, for the core's accessors, and its
    /// declared tables as repository sources.
    /// </summary>
    public static (IncrementalValueProvider<EquatableArray<GeneratedHandleSpec>> Handles, IncrementalValueProvider<EquatableArray<RepositorySource>> RepositorySources) Initialize(
        IncrementalGeneratorInitializationContext context,
        IncrementalValueProvider<GenerationSpec> model)
    {
        var (declarations, items) = DeclaredDataPipeline.Read(
            context,
            model,
            DynamoTablesReader.Kind,
            DynamoTablesReader.Key,
            DynamoTablesReader.Read,
            ItemTypeReader.Read,
            typesFailed: static d => ItemModel.Empty with { Diagnostics = EquatableArray.Create(d) },
            "reading the DynamoDB tables",
            DeclaredDataStep,
            TablesStep,
            ItemsStep);

        var generation = model
            .Combine(declarations)
            .Combine(items)
            .Select(static (input, _) => Guard(
                () => DynamoBinder.Bind(input.Left.Left, input.Left.Right, input.Right),
                d => DynamoGeneration.Empty with { Diagnostics = EquatableArray.Create(d) }))
            .WithTrackingName(ModelStep);

        return DeclaredDataPipeline.Output<DynamoGeneration, DynamoTableSpec>(context, generation, DynamoEmitter.Emit, HandlesStep, RepositorySourcesStep);
    }

    /// <summary>Runs one step; an unexpected exception becomes a BG0018 diagnostic instead of CS8785.</summary>
    private static T Guard<T>(Func<T> step, Func<DiagnosticInfo, T> failed) => StepGuard.Run(step, failed, "reading the DynamoDB tables");
}
