using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Backends.Generator.Model;

namespace Backends.Generator.Emit;

/// <summary>
/// Writes one connection's part of <c>Db.g.cs</c> (<see cref="ConnectionCode"/>): its field, whose settings factory
/// is its settings type's shared <c>Create…Settings</c> helper fed a lambda with only the connection's own values,
/// its registry entry, its accessor and its name constant.
/// </summary>
internal static class ConnectionEmitter
{
    /// <summary>One buffer per thread, reused for every piece: a piece costs only its own string.</summary>
    [ThreadStatic]
    private static StringBuilder? t_buffer;

    /// <summary>Each connection of <paramref name="spec"/> in declaration order, with its handle type.</summary>
    public static ImmutableArray<ConnectionInput> Inputs(GenerationSpec spec, EquatableArray<GeneratedHandleSpec> handles)
    {
        if (!spec.ShouldEmit)
        {
            return ImmutableArray<ConnectionInput>.Empty;
        }

        Dictionary<string, string>? generated = null;
        foreach (var handle in handles)
        {
            (generated ??= new Dictionary<string, string>(StringComparer.Ordinal))[handle.Connection] = handle.TypeName;
        }

        var inputs = ImmutableArray.CreateBuilder<ConnectionInput>();
        foreach (var kind in spec.Kinds)
        {
            foreach (var connection in kind.Connections)
            {
                var handleType = generated is not null && generated.TryGetValue(connection.FullName, out var type) ? type : connection.Adapter.HandleType;
                inputs.Add(new ConnectionInput(connection, handleType));
            }
        }

        return inputs.ToImmutable();
    }

    /// <summary>Writes the pieces; an unexpected exception is returned as <see cref="ConnectionCode.Failure"/>, never thrown.</summary>
    public static ConnectionCode Emit(ConnectionInput input)
    {
        var connection = input.Connection;
        try
        {
            var buffer = t_buffer ??= new StringBuilder(4096);
            var writer = new SourceWriter(buffer, indent: 1);
            writer.WriteLine();
            writer.StartLine().Write("private static readonly ").Write(input.HandleType).Write(' ').Write(connection.FieldName)
                .Write(" = new(").WriteLiteral(connection.Kind).Write(", ").WriteLiteral(connection.Name)
                .Write(", ").Write(SettingsEmitter.CreateMethodName(connection.Adapter)).Write('(').WriteLiteral(connection.Kind, ':', connection.Name)
                .Write(", static (s, context) =>").EndLine();
            SettingsEmitter.WriteValues(writer, connection, closing: "));");
            var field = writer.TakeText();

            var entry = "            " + connection.FieldName + ",\n";

            writer = new SourceWriter(buffer, indent: 2);
            writer.StartLine().Write("/// <summary>").WriteDocText(connection.Kind).Write('.').WriteDocText(connection.Name).Write(" (").WriteDocText(connection.BaseFileName)
                .Write(" line ").Write(connection.Line.ToString(CultureInfo.InvariantCulture)).Write(").</summary>").EndLine();
            writer.StartLine().Write("public static ").Write(input.HandleType).Write(' ').Write(connection.Identifier).Write(" => ").Write(connection.FieldName).Write(';').EndLine();
            var accessor = writer.TakeText();

            writer.StartLine().Write("/// <summary><c>").WriteDocText(connection.Kind).Write('.').WriteDocText(connection.Name).Write("</c>.</summary>").EndLine();
            writer.StartLine().Write("public const string ").Write(connection.Identifier).Write(" = ").WriteLiteral(connection.Kind, '.', connection.Name).Write(';').EndLine();
            var name = writer.TakeText();
            return new ConnectionCode(field, entry, accessor, name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ConnectionCode("", "", "", "", ex.GetType().Name + ": " + ex.Message);
        }
    }
}
