using System.Collections.Immutable;
using System.Linq;
using Backends.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Backends.Generator.Features.DynamoDb;

/// <summary>
/// Wires the declared DynamoDB tables into the generator: the declarations come from the parsed backends files, the
/// item types from the compilation (reduced at once to equatable specs), and both are bound to the model before
/// anything is emitted.
/// </summary>
internal static class DynamoPipeline
{
    /// <summary>Tracked step name of the declarations read from the files.</summary>
    public const string TablesStep = "DynamoTables";

    /// <summary>Tracked step name of the item types read from the compilation.</summary>
    public const string ItemsStep = "DynamoItems";

    /// <summary>Tracked step name of the bound model.</summary>
    public const string ModelStep = "DynamoModel";

    public static IncrementalValueProvider<DynamoGeneration> Bind(
        IncrementalGeneratorInitializationContext context,
        IncrementalValueProvider<ImmutableArray<ConfigSpec>> files,
        IncrementalValueProvider<GenerationSpec> model)
    {
        var declarations = files
            .Select(static (files, _) => Guard(() => DynamoTablesReader.Read(files), d => new DynamoDeclarations(EquatableArray<TableDeclaration>.Empty, EquatableArray.Create(d))))
            .WithTrackingName(TablesStep);

        var items = declarations
            .Select(static (declarations, _) => DynamoTablesReader.TypeNames(declarations))
            .Combine(context.CompilationProvider)
            .Select(static (input, cancellationToken) => Guard(() => ItemTypeReader.Read(input.Left, input.Right, cancellationToken), d => ItemModel.Empty with { Diagnostics = EquatableArray.Create(d) }))
            .WithTrackingName(ItemsStep);

        return model
            .Combine(declarations)
            .Combine(items)
            .Select(static (input, _) => Guard(
                () => DynamoBinder.Bind(input.Left.Left, input.Left.Right, input.Right),
                d => new DynamoGeneration(
                    input.Left.Left with { Diagnostics = input.Left.Left.Diagnostics.Concat([d]).ToEquatableArray() },
                    EquatableArray<DynamoConnectionSpec>.Empty,
                    EquatableArray<ItemTypeSpec>.Empty)))
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
            return failed(DiagnosticInfo.Create(Diagnostics.DiagnosticDescriptors.GeneratorFailure, null, "reading the DynamoDB tables", ex.GetType().Name, ex.Message));
        }
    }
}
