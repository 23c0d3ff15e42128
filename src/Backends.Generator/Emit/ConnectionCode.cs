namespace Backends.Generator.Emit;

/// <summary>
/// What one connection contributes to <c>Db.g.cs</c>, written by <see cref="ConnectionEmitter"/> in a pipeline step
/// of its own, so that changing one connection in <c>backends.json</c> rewrites only its own code. Each piece is
/// complete lines, indented for where it goes.
/// </summary>
/// <param name="Field">The static field holding the handle, created with its settings type's <c>Create…Settings</c> fed a static lambda of the connection's values.</param>
/// <param name="RegistryEntry">The field's line in the registry's array.</param>
/// <param name="Accessor">The typed accessor in the kind's class (<c>Db.MySql.Demo</c>), with its XML doc.</param>
/// <param name="Name">The name constant in the kind's class of <c>DbNames</c>, with its XML doc.</param>
/// <param name="Failure">Why the code could not be written (an unexpected exception), or <see langword="null"/>.</param>
internal sealed record ConnectionCode(string Field, string RegistryEntry, string Accessor, string Name, string? Failure = null);

/// <summary>The input of <see cref="ConnectionEmitter"/>: a connection and the type of its handle.</summary>
/// <param name="Connection">The bound connection.</param>
/// <param name="HandleType">The adapter's handle type, or the class a feature module generated for this connection.</param>
internal sealed record ConnectionInput(Model.ConnectionSpec Connection, string HandleType);
