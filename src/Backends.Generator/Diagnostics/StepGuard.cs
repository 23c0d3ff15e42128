using System;
using Backends.Generator.Model;

namespace Backends.Generator.Diagnostics;

/// <summary>How a pipeline step (the core's and each feature module's) never throws: an unexpected exception becomes a BG0018 diagnostic instead of CS8785.</summary>
internal static class StepGuard
{
    /// <summary>Runs <paramref name="step"/>; on an exception other than cancellation, returns <paramref name="failed"/> of its diagnostic.</summary>
    /// <param name="step">The step.</param>
    /// <param name="failed">What the step yields instead, given the diagnostic.</param>
    /// <param name="what">What the step was doing, for the message, <c>reading the MongoDB collections</c>.</param>
    public static T Run<T>(Func<T> step, Func<DiagnosticInfo, T> failed, string what)
    {
        try
        {
            return step();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return failed(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratorFailure, null, what, ex.GetType().Name, ex.Message));
        }
    }
}
