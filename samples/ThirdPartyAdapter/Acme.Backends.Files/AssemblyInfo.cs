using Acme.Backends.Files;
using Backends.Runtime;

// How the generator finds this adapter: at compile time, from the application's references. "files" in backends.json
// becomes Db.Files.<Name>, a FilesBackend built from FilesSettings.
[assembly: BackendAdapter(FilesBackend.KindName, typeof(FilesBackend), typeof(FilesSettings), ClassName = "Files", PackageId = "Acme.Backends.Files")]
