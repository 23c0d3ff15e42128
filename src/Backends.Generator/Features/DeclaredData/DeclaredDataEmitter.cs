using System;
using System.Linq;
using Backends.Generator.Emit;
using Backends.Generator.Model;

namespace Backends.Generator.Features.DeclaredData;

/// <summary>
/// What the declared-data emitters write alike: the generated handle classes nested in <c>Db.&lt;Kind&gt;</c>, and the
/// start of each, its constructor calling the adapter handle's. What a handle declares in it is the module's own.
/// </summary>
internal static class DeclaredDataEmitter
{
    /// <summary>
    /// Writes <c>public static partial class Db { public static partial class &lt;Kind&gt; { ... } }</c> around the handles,
    /// grouped by kind in order, a blank line between kinds and between handles.
    /// </summary>
    public static void WriteHandles<TItem>(SourceWriter writer, string className, EquatableArray<DeclaredHandleSpec<TItem>> handles, Action<DeclaredHandleSpec<TItem>> writeHandle)
        where TItem : IEquatable<TItem>
    {
        writer.OpenBlock($"public static partial class {className}");
        var firstKind = true;
        foreach (var kind in handles.GroupBy(c => c.KindClassName))
        {
            if (!firstKind)
            {
                writer.WriteLine();
            }

            firstKind = false;
            writer.OpenBlock($"public static partial class {kind.Key}");
            var first = true;
            foreach (var handle in kind)
            {
                if (!first)
                {
                    writer.WriteLine();
                }

                first = false;
                writeHandle(handle);
            }

            writer.CloseBlock();
        }

        writer.CloseBlock();
    }

    /// <summary>
    /// Opens the handle class and its constructor's body: <c>public sealed class EventsConnection : MongoDbBackend { ...
    /// : base(kind, name, settings) {</c>. The caller writes the body and closes both blocks.
    /// </summary>
    /// <param name="writer">The writer.</param>
    /// <param name="handle">The handle.</param>
    /// <param name="declarations">What the connection declares, plural, <c>collections</c>.</param>
    /// <param name="purpose">Why the constructor declares them, <c>so that start-up ensures their indexes</c>.</param>
    /// <param name="version">The generator's version, for [GeneratedCode].</param>
    public static void OpenHandle<TItem>(SourceWriter writer, DeclaredHandleSpec<TItem> handle, string declarations, string purpose, string version)
        where TItem : IEquatable<TItem>
    {
        writer.WriteLine($"/// <summary>The handle of {CSharp.DocText(handle.Connection)} with its declared {declarations} ({CSharp.DocText(handle.BaseFileName)} line {handle.Line}).</summary>");
        writer.WriteLine(OutputEmitter.GeneratedCodeAttribute(version));
        writer.OpenBlock($"public sealed class {handle.ClassName} : {handle.BaseHandleType}");
        writer.WriteLine($"/// <summary>Creates the handle and declares its {declarations}, {purpose}.</summary>");
        writer.WriteLine("/// <param name=\"kind\">The kind, as the adapter declares it.</param>");
        writer.WriteLine("/// <param name=\"name\">The connection's name.</param>");
        writer.WriteLine("/// <param name=\"settings\">Creates the resolved settings.</param>");
        writer.WriteLine($"public {handle.ClassName}(string kind, string name, global::Backends.Runtime.SettingsFactory<{handle.SettingsType}> settings)");
        writer.OpenBlock("    : base(kind, name, settings)");
    }
}
