using Backends.MongoDb;
using Backends.Runtime;

// MongoDB.Driver 3.x traces on an ActivitySource named "MongoDB.Driver" (MongoTelemetry.ActivitySourceName); it has no Meter.
[assembly: BackendAdapter(
    MongoDbBackend.KindName, typeof(MongoDbBackend), typeof(MongoDbSettings), ClassName = "MongoDb", PackageId = "Backends.MongoDb",
    ActivitySourceNames = new[] { "MongoDB.Driver" }, DeclaredDataKeys = new[] { "collections" })]
