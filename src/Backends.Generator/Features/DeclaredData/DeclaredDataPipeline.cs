using System;
using Backends.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Backends.Generator.Features.DeclaredData;

/// <summary>The end of every declared-data module's pipeline: its source output, and what it hands on to the core and the repositories module.</summary>
internal static class DeclaredDataPipeline
{
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
