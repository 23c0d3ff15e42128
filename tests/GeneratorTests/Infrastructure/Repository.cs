namespace GeneratorTests.Infrastructure;

/// <summary>The source checkout the tests were built from, found upwards from the build output.</summary>
internal static class Repository
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The folder that holds BackendGen.sln.</summary>
    public static string Root => s_root.Value;

    /// <summary>A path under the repository, from parts separated by '/'.</summary>
    public static string PathOf(string relative) => Path.Combine([Root, .. relative.Split('/')]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BackendGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("BackendGen.sln not found above " + AppContext.BaseDirectory);
    }
}
