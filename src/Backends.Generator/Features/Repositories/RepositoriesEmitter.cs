using System.Linq;
using Backends.Generator.Emit;
using Backends.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Backends.Generator.Features.Repositories;

/// <summary>
/// Writes <c>Db.Repositories.g.cs</c>: one static accessor per <c>"repositories"</c> entry, typed
/// <c>IRepository&lt;T, TKey&gt;</c> whatever backend holds the data, created on first use by the expression its
/// feature module contributed.
/// </summary>
internal static class RepositoriesEmitter
{
    /// <summary>The nested class the accessors live in, <c>Db.Repositories</c>.</summary>
    public const string NestedClass = "Repositories";

    public static void Emit(SourceProductionContext context, RepositoriesGeneration generation) =>
        FeatureOutput.Emit(
            context,
            generation.Diagnostics,
            !generation.Entries.IsEmpty,
            () => Write(generation, OutputEmitter.Version),
            "writing the repositories",
            generation.ClassName + "." + NestedClass + ".g.cs");

    public static string Write(RepositoriesGeneration generation, string version)
    {
        var writer = new SourceWriter();
        OutputEmitter.WriteHeader(writer, generation.Namespace);
        writer.OpenBlock("public static partial class " + generation.ClassName);
        writer.WriteLine($"/// <summary>The repositories of {CSharp.DocText(generation.FileName)}: one interface over declared data, whichever backend holds it.</summary>");
        writer.WriteLine(OutputEmitter.GeneratedCodeAttribute(version));
        writer.OpenBlock("public static partial class " + NestedClass);
        var first = true;
        foreach (var entry in generation.Entries)
        {
            if (!first)
            {
                writer.WriteLine();
            }

            first = false;
            var source = entry.Source;
            var type = $"global::Backends.Runtime.IRepository<{source.ItemType}, {source.KeyType}>";
            var access = source.IsPublic ? "public" : "internal";
            writer.WriteLine($"private static {type}? {entry.FieldName};");
            writer.WriteLine();
            writer.WriteLine(
                $"/// <summary>The repository <c>{CSharp.DocText(entry.Name)}</c>: <c>{CSharp.DocText(source.Path)}</c> ({CSharp.DocText(generation.FileName)} line {entry.Line}); " +
                $"FindAsync can search by {string.Join(", ", source.IndexedMembers.Select(CSharp.DocText))}.</summary>");
            writer.WriteLine($"{access} static {type} {entry.Identifier} =>");
            writer.WriteLine($"    global::System.Threading.LazyInitializer.EnsureInitialized(ref {entry.FieldName}, static () => {source.AccessorExpression});");
        }

        writer.CloseBlock();
        writer.CloseBlock();
        return writer.ToString();
    }
}
