using Backends.MongoDb;
using Backends.Runtime;

[assembly: BackendAdapter("mongodb", typeof(MongoDbBackend), typeof(MongoDbSettings), ClassName = "MongoDb", PackageId = "Backends.MongoDb")]
