using System;
using System.Threading;
using Backends.Generator.Diagnostics;
using Backends.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Backends.Generator.Features.DeclaredData;

/// <summary>
/// The steps every declared-data module's pipeline starts and ends with: its declared data selected from the core model,
/// read into declarations, the classes they name read from the compilation; and its source output, with what it hands on
/// to the core and the repositories module. Binding, between them, is the module's own.
/// </summary>
internal static class DeclaredDataPipeline
{
    /// <summary>
    /// Adds the tracked steps <paramref name="declaredDataStep"/> (the <paramref name="key"/> of <paramref name="kind"/>
    /// connections, selected from the core model), <paramref name="declarationsStep"/> (<paramref name="read"/>) and
    /// <paramref name="typesStep"/> (<paramref name="readTypes"/> of the declared type names and the compilation). A step
    /// that throws yields a BG0018 diagnostic about <paramref name="what"/> instead.
    /// </summary>
    /// <returns>The declarations and the classes they name.</returns>
    public static (IncrementalValueProvider<Declarations<TDeclaration>> Declarations, IncrementalValueProvider<TTypes> Types) Read<TDeclaration, TTypes>(
        IncrementalGeneratorInitializationContext context,
        IncrementalValueProvider<GenerationSpec> model,
        string kind,
        string key,
        Func<EquatableArray<DeclaredDataSpec>, Declarations<TDeclaration>> read,
        Func<EquatableArray<string>, Compilation, CancellationToken, TTypes> readTypes,
        Func<DiagnosticInfo, TTypes> typesFailed,
        string what,
        string declaredDataStep,
        string declarationsStep,
        string typesStep)
        where TDeclaration : IDeclaration, IEquatable<TDeclaration>
    {
        var declared = model
            .Select((spec, _) => DeclaredDataReader.Select(spec, kind, key))
            .WithTrackingName(declaredDataStep);

        var declarations = declared
            .Select((declared, _) => StepGuard.Run(() => read(declared), d => Declarations<TDeclaration>.Empty with { Diagnostics = EquatableArray.Create(d) }, what))
            .WithTrackingName(declarationsStep);

        var types = declarations
            .Select(static (declarations, _) => declarations.TypeNames())
            .Combine(context.CompilationProvider)
            .Select((input, cancellationToken) => StepGuard.Run(() => readTypes(input.Left, input.Right, cancellationToken), typesFailed, what))
            .WithTrackingName(typesStep);
        return (declarations, types);
    }

    /// <summary>
    /// Registers <paramref name="emit"/> as the source output of <paramref name="generation"/>; returns its handles, for the
    /// core's accessors, and its repository sources, for the repositories module, each a tracked step of its own.
    /// </summary>
    public static (IncrementalValueProvider<EquatableArray<GeneratedHandleSpec>> Handles, IncrementalValueProvider<EquatableArray<RepositorySource>> RepositorySources) Output<TGeneration, TItem>(
        IncrementalGeneratorInitializationContext context,
        IncrementalValueProvider<TGeneration> generation,
        Action<SourceProductionContext, TGeneration> emit,
        string handlesStep,
        string repositorySourcesStep)
        where TGeneration : DeclaredDataGeneration<TItem>
        where TItem : IEquatable<TItem>
    {
        context.RegisterSourceOutput(generation, emit);
        var handles = generation
            .Select(static (generation, _) => generation.Handles())
            .WithTrackingName(handlesStep);
        var repositories = generation
            .Select(static (generation, _) => generation.RepositorySources)
            .WithTrackingName(repositorySourcesStep);
        return (handles, repositories);
    }
}
