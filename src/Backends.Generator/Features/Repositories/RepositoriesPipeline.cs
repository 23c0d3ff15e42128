using System;
using System.Linq;
using Backends.Generator.Diagnostics;
using Backends.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Backends.Generator.Features.Repositories;

/// <summary>
/// The repositories module: the top-level <c>"repositories"</c> section (<c>"users": "mongodb.events.users"</c>) becomes
/// <c>Db.Repositories.Users</c>, an <c>IRepository&lt;T, TKey&gt;</c>. It reads the section from the core model
/// (<see cref="GenerationSpec.Sections"/>) and joins it with the <see cref="RepositorySource"/>s that the declared-data
/// modules contribute (combined by the pipeline wiring); it refers to no other module.
/// </summary>
internal static class RepositoriesPipeline
{
    /// <summary>Tracked step name of the section and names selected from the core model.</summary>
    public const string InputStep = "RepositoriesInput";

    /// <summary>Tracked step name of the bound repositories.</summary>
    public const string ModelStep = "RepositoriesModel";

    /// <summary>Adds the module's steps and source output.</summary>
    /// <param name="context">The generator's context.</param>
    /// <param name="model">The bound core model.</param>
    /// <param name="sources">What every declared-data module contributes, concatenated.</param>
    public static void Initialize(
        IncrementalGeneratorInitializationContext context,
        IncrementalValueProvider<GenerationSpec> model,
        IncrementalValueProvider<EquatableArray<RepositorySource>> sources)
    {
        var input = model
            .Select(static (spec, _) => Select(spec))
            .WithTrackingName(InputStep);

        var generation = input
            .Combine(sources)
            .Select(static (input, _) => Guard(() => RepositoriesBinder.Bind(input.Left, input.Right)))
            .WithTrackingName(ModelStep);

        context.RegisterSourceOutput(generation, static (production, generation) => RepositoriesEmitter.Emit(production, generation));
    }

    /// <summary>The section and the declared names, reduced from the core model.</summary>
    private static RepositoriesInput Select(GenerationSpec spec)
    {
        var sections = spec.Sections.Where(s => s.Name == SectionSpec.RepositoriesKey).ToEquatableArray();
        return sections.IsEmpty
            ? RepositoriesInput.Empty
            : new RepositoriesInput(
                spec.ShouldEmit,
                spec.Namespace,
                spec.ClassName,
                sections,
                spec.Kinds.Select(k => k.Kind).ToEquatableArray(),
                spec.Kinds.SelectMany(k => k.Connections).Select(c => c.FullName).ToEquatableArray());
    }

    /// <summary>Runs one step; an unexpected exception becomes a BG0018 diagnostic instead of CS8785.</summary>
    private static RepositoriesGeneration Guard(Func<RepositoriesGeneration> step) =>
        StepGuard.Run(step, d => RepositoriesGeneration.Empty with { Diagnostics = EquatableArray.Create(d) }, "reading the repositories");
}
