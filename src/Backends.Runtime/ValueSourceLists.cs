namespace Backends.Runtime;

internal static class ValueSourceLists
{
    /// <summary>Collects <c>path:0</c>, <c>path:1</c>, ... until the first gap.</summary>
    public static IReadOnlyList<string>? Collect(IBackendValueSource source, string path)
    {
        List<string>? items = null;
        for (var i = 0; ; i++)
        {
            var item = source.GetValue(path + ":" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (item is null)
            {
                return items;
            }

            (items ??= []).Add(item);
        }
    }
}
