using System.Text.Json.Serialization;
using FilesApp;

// Brings every connection of backends.json up (here one "files" connection) and completes when all are ready.
await Db.InitializeAsync();
try
{
    var notes = Db.Files.Notes; // Acme.Backends.Files.FilesBackend, an IKeyValueStore
    await notes.SetAsync("note:1", new Note("hello from a third-party adapter", 1), AppJson.Default.Note);
    var note = await notes.GetAsync("note:1", AppJson.Default.Note);
    Console.WriteLine($"{DbNames.Files.Notes} is {notes.State}; read back: {note?.Text}");
    Console.WriteLine($"encrypted: {notes.Instance.IsEncrypted}");
    Console.WriteLine($"settings: {notes.Config}");
}
finally
{
    await Db.DisposeAsync();
}

/// <summary>A value kept in the store.</summary>
internal sealed record Note(string Text, int Revision);

/// <summary>System.Text.Json's source-generated metadata for the stored values.</summary>
[JsonSerializable(typeof(Note))]
internal sealed partial class AppJson : JsonSerializerContext;
