using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Backends.Generator.Model;

/// <summary>
/// Where a diagnostic points: a file path with its character span and line/column span. Unlike
/// <see cref="Location"/>, it holds no syntax tree, so it can live in a cached model.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, TextSpan, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location == Location.None)
        {
            return null;
        }

        var lineSpan = location.GetLineSpan();
        return new LocationInfo(lineSpan.Path ?? "", location.SourceSpan, lineSpan.Span);
    }
}
