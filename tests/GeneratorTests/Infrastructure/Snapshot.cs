using System.Text.RegularExpressions;

namespace GeneratorTests.Infrastructure;

/// <summary>
/// Compares text with a checked-in <c>Snapshots/{name}.verified.{ext}</c>. On a mismatch it writes
/// <c>{name}.received.{ext}</c> next to it and fails; with <c>BACKENDS_ACCEPT_SNAPSHOTS=1</c> it accepts the new text
/// instead. Line endings are LF and the generator version is scrubbed, so snapshots do not change with either.
/// </summary>
internal static partial class Snapshot
{
    public const string AcceptVariable = "BACKENDS_ACCEPT_SNAPSHOTS";

    private static readonly Lazy<string> s_directory = new(FindDirectory);

    public static string Directory => s_directory.Value;

    public static void Verify(string name, string actual, string extension = "cs")
    {
        var verified = Path.Combine(Directory, $"{name}.verified.{extension}");
        var received = Path.Combine(Directory, $"{name}.received.{extension}");
        actual = Scrub(actual);
        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verified} yet: review {received} and accept it with {AcceptVariable}=1."
            : $"{name} differs from its snapshot at {FirstDifference(expected, actual)}: compare {received} with {verified}, and accept with {AcceptVariable}=1 if the change is right.");
    }

    public static string Scrub(string text) =>
        VersionPattern().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal), "GeneratedCode(\"Backends.Generator\", \"{version}\")");

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var a = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (e != a)
            {
                return $"line {i + 1}: expected `{e}`, got `{a}`";
            }
        }

        return "the end of the file";
    }

    /// <summary>The Snapshots folder of this test project's sources, found from the build output upwards.</summary>
    private static string FindDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GeneratorTests.csproj")))
            {
                return Path.Combine(directory.FullName, "Snapshots");
            }
        }

        throw new InvalidOperationException("GeneratorTests.csproj not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("GeneratedCode\\(\"Backends\\.Generator\", \"[^\"]*\"\\)")]
    private static partial Regex VersionPattern();
}
