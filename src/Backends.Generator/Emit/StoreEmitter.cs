using System.Linq;
using Backends.Generator.Model;

namespace Backends.Generator.Emit;

/// <summary>
/// Writes the tiered stores' part of <c>Db.g.cs</c>: one static field per store (after the connections it uses),
/// the <c>Db.Stores</c> accessors and the <c>DbNames.Stores</c> constants. Nothing is written when there are no stores.
/// </summary>
internal static class StoreEmitter
{
    private const string Store = "global::Backends.Runtime.TieredStore";

    public static void WriteFields(SourceWriter writer, GenerationSpec spec)
    {
        foreach (var store in spec.Stores)
        {
            writer.WriteLine();
            writer.WriteLine($"private static readonly {Store} {store.FieldName} =");
            writer.WriteLine($"    new({CSharp.Literal(store.Name)}, {store.CacheField}, {store.StorageField}, new global::Backends.Runtime.TieredStoreSettings");
            writer.WriteLine("    {");
            foreach (var value in store.Values)
            {
                writer.WriteLine($"        {value.Setting.PropertyName} = {Literal(value)},");
            }

            writer.WriteLine("    });");
        }
    }

    public static void WriteRegistryEntries(SourceWriter writer, GenerationSpec spec)
    {
        foreach (var store in spec.Stores)
        {
            writer.WriteLine($"        {store.FieldName},");
        }
    }

    public static void WriteAccessors(SourceWriter writer, GenerationSpec spec)
    {
        if (spec.Stores.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteLine("/// <summary>The tiered stores of the <c>stores</c> section: a cache in front of a storage that loses no accepted write.</summary>");
        writer.OpenBlock("public static partial class Stores");
        var first = true;
        foreach (var store in spec.Stores)
        {
            if (!first)
            {
                writer.WriteLine();
            }

            first = false;
            writer.WriteLine(
                $"/// <summary>{CSharp.DocText(store.FullName)} ({CSharp.DocText(store.BaseFileName)} line {store.Line}): cache {CSharp.DocText(store.Cache)}, storage {CSharp.DocText(store.Storage)}.</summary>");
            writer.WriteLine($"public static {Store} {store.Identifier} => {store.FieldName};");
        }

        writer.CloseBlock();
    }

    public static void WriteNames(SourceWriter writer, GenerationSpec spec, bool afterKinds)
    {
        if (spec.Stores.Count == 0)
        {
            return;
        }

        if (afterKinds)
        {
            writer.WriteLine();
        }

        writer.WriteLine("/// <summary>The names of the tiered stores.</summary>");
        writer.OpenBlock("public static partial class Stores");
        var first = true;
        foreach (var store in spec.Stores)
        {
            if (!first)
            {
                writer.WriteLine();
            }

            first = false;
            writer.WriteLine($"/// <summary><c>{CSharp.DocText(store.FullName)}</c>.</summary>");
            writer.WriteLine($"public const string {store.Identifier} = {CSharp.Literal(store.FullName)};");
        }

        writer.CloseBlock();
    }

    private static string Literal(ValueSpec value) => value switch
    {
        { Kind: ValueKind.Null } => "null",
        { Setting.Type: SettingType.Duration, Text: "infinite" } => "global::System.Threading.Timeout.InfiniteTimeSpan",
        { Setting.Type: SettingType.Duration } => $"global::System.TimeSpan.FromTicks({value.Text}L)",
        _ => value.Text,
    };
}
