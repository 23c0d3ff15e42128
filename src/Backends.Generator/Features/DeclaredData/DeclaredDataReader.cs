using System;
using System.Collections.Generic;
using System.Linq;
using Backends.Generator.Diagnostics;
using Backends.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Backends.Generator.Features.DeclaredData;

/// <summary>
/// What every declared-data module does with its section of the core model before reading its own shapes: selects its
/// <see cref="DeclaredDataSpec"/>s by kind and key, reports the ones an overlay writes (only the base file may shape the
/// generated code), and hands each base one to the module's reader.
/// </summary>
internal static class DeclaredDataReader
{
    /// <summary>A module's declared data out of the core model's: the <paramref name="key"/> of <paramref name="kind"/> connections.</summary>
    public static EquatableArray<DeclaredDataSpec> Select(GenerationSpec spec, string kind, string key) =>
        spec.DeclaredData.IsEmpty
            ? EquatableArray<DeclaredDataSpec>.Empty
            : spec.DeclaredData.Where(d => d.Kind == kind && d.Key == key).ToEquatableArray();

    /// <summary>
    /// Reports every overlay's declaration with <paramref name="inOverlay"/> (file name, <c>kind.connection</c>), then
    /// reads every base one with <paramref name="readBase"/>, which adds what it reads and reports.
    /// </summary>
    /// <returns>What was read and reported, in file order.</returns>
    public static Declarations<T> Read<T>(
        EquatableArray<DeclaredDataSpec> declared,
        DiagnosticDescriptor inOverlay,
        Action<DeclaredDataSpec, List<T>, List<DiagnosticInfo>> readBase)
        where T : IDeclaration, IEquatable<T>
    {
        var declarations = new List<T>();
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var overlay in declared.Where(d => !d.IsBase))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                inOverlay, overlay.KeyLocation, overlay.FileName, overlay.Kind + "." + MessageText.Shorten(overlay.Connection)));
        }

        foreach (var data in declared.Where(d => d.IsBase))
        {
            readBase(data, declarations, diagnostics);
        }

        return declarations.Count == 0 && diagnostics.Count == 0
            ? Declarations<T>.Empty
            : new Declarations<T>(declarations.ToEquatableArray(), diagnostics.ToEquatableArray());
    }
}
