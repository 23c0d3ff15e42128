using System;
using Backends.Generator.Model;

namespace Backends.Generator.Features.DeclaredData;

/// <summary>The handle generated for one connection that declares data: a class deriving from the adapter's handle.</summary>
/// <typeparam name="TItem">The module's spec of one declaration (a collection, a table).</typeparam>
/// <param name="Connection">The connection's full name, <c>"mongodb.events"</c>.</param>
/// <param name="KindClassName">The kind's accessor class the handle class is nested in, <c>MongoDb</c>.</param>
/// <param name="BaseFileName">The base file's name, for the doc comment.</param>
/// <param name="Line">The 1-based line of the connection's name in the base file.</param>
/// <param name="BaseHandleType">The adapter's handle type, the generated class's base.</param>
/// <param name="SettingsType">The adapter's settings type, for the constructor.</param>
/// <param name="ClassName">The generated handle class nested in the kind's class, <c>EventsConnection</c>.</param>
/// <param name="HandleType">Its global::-qualified name.</param>
/// <param name="Items">The declarations in declaration order.</param>
internal sealed record DeclaredHandleSpec<TItem>(
    string Connection,
    string KindClassName,
    string BaseFileName,
    int Line,
    string BaseHandleType,
    string SettingsType,
    string ClassName,
    string HandleType,
    EquatableArray<TItem> Items)
    where TItem : IEquatable<TItem>;
