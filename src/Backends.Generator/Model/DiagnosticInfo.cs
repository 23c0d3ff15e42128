using System.Linq;
using Microsoft.CodeAnalysis;

namespace Backends.Generator.Model;

/// <summary>
/// A diagnostic to report later: its descriptor, where it points and its message arguments. Equatable, unlike
/// <see cref="Diagnostic"/>, so it can travel through the incremental pipeline.
/// </summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] messageArgs) =>
        new(descriptor, location, new EquatableArray<string>(messageArgs));

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, MessageArgs.Cast<object>().ToArray());
}
