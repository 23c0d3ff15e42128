using System.Globalization;
using Backends.Sqlite;
using Dapper;
using QuickStart;

[module: DapperAot] // Dapper.AOT writes the data access at build time: no reflection, native AOT safe.

// Brings every connection declared in backends.json up (here one SQLite file) and waits until it is ready.
await Db.InitializeAsync();
try
{
    await Notes.RunAsync(Db.Sqlite.Local);
}
finally
{
    await Db.DisposeAsync();
}

/// <summary>What QuickStart does with its database: create a table, write rows, read them back.</summary>
/// <remarks>
/// The Dapper calls live in a method that takes the handle as a parameter: Dapper.AOT is a source generator too, and
/// generators do not see each other's output, so it can only intercept calls whose connection type it can resolve
/// without the generated <c>Db</c> class.
/// </remarks>
internal static class Notes
{
    public static async Task RunAsync(SqliteBackend database)
    {
        Console.WriteLine($"{database.Name} is {database.State}: {database.Config}");

        await using var connection = await database.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL, created TEXT NOT NULL)");

        var stamp = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var rows = 0;
        foreach (var text in new[] { "typed accessors from backends.json", "no string lookups", "native AOT ready" })
        {
            rows += await connection.ExecuteAsync(
                "INSERT INTO notes (text, created) VALUES (@Text, @Created)", new NewNote { Text = text, Created = stamp });
        }

        Console.WriteLine($"inserted {rows} rows");

        var notes = (await connection.QueryAsync<Note>(
            "SELECT id AS Id, text AS Text, created AS Created FROM notes WHERE created = @Created ORDER BY id",
            new NewNote { Created = stamp })).AsList();
        foreach (var note in notes)
        {
            Console.WriteLine($"  #{note.Id}: {note.Text}");
        }

        var total = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notes");
        Console.WriteLine($"read {notes.Count} rows back; the table holds {total} rows in {database.Settings.Path}");
    }
}

/// <summary>A row of the notes table.</summary>
internal sealed class Note
{
    public long Id { get; set; }

    public string Text { get; set; } = "";

    public string Created { get; set; } = "";
}

/// <summary>The parameters of an insert or a query.</summary>
internal sealed class NewNote
{
    public string Text { get; set; } = "";

    public string Created { get; set; } = "";
}
