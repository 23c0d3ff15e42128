using System;
using System.Text;
using Backends.Generator.Diagnostics;
using Backends.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Backends.Generator.Emit;

/// <summary>How a source output that writes one file (a feature module's, the settings schemas) reports and writes: its diagnostics first, then its file, and never an exception.</summary>
internal static class FeatureOutput
{
    /// <summary>
    /// Reports <paramref name="diagnostics"/>; then, when <paramref name="hasSource"/>, adds the source <paramref name="write"/>
    /// returns as <paramref name="hintName"/>. An exception while writing becomes a BG0018 diagnostic and no file.
    /// </summary>
    /// <param name="context">The source output's context.</param>
    /// <param name="diagnostics">What the module reported.</param>
    /// <param name="hasSource">Whether there is anything to write.</param>
    /// <param name="write">Writes the source.</param>
    /// <param name="what">What writing is, for the message, <c>writing the MongoDB collections</c>.</param>
    /// <param name="hintName">The file's hint name, <c>Db.MongoDb.g.cs</c>.</param>
    public static void Emit(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics, bool hasSource, Func<string> write, string what, string hintName)
    {
        foreach (var diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }

        if (!hasSource)
        {
            return;
        }

        string source;
        try
        {
            source = write();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailure, Location.None, what, ex.GetType().Name, ex.Message));
            return;
        }

        context.AddSource(hintName, SourceText.From(source, Encoding.UTF8));
    }
}
