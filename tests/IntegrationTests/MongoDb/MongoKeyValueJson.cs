using System.Text.Json.Serialization;

namespace IntegrationTests.MongoDb;

/// <summary>A value with some depth, stored through <see cref="Backends.Runtime.IKeyValueStore"/>.</summary>
public sealed record Profile(string Name, int Visits, List<string> Roles, Dictionary<string, double> Scores, DateTimeOffset Since, Profile? Manager = null);

/// <summary>System.Text.Json source generation: the AOT-safe way values reach the store.</summary>
[JsonSerializable(typeof(Profile))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
public sealed partial class MongoKeyValueJson : JsonSerializerContext;
