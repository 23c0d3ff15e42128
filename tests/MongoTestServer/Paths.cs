using System.Globalization;
using MongoDB.Bson;

namespace MongoTestServer;

/// <summary>Dotted field paths (<c>"address.city"</c>, <c>"items.0.sku"</c>) over documents and arrays.</summary>
internal static class Paths
{
    /// <summary>
    /// Every value at <paramref name="path"/>: empty when it is missing. Walking into an array either takes the element a
    /// numeric segment names or the field of each document element, as MongoDB queries do.
    /// </summary>
    public static List<BsonValue> Resolve(BsonValue root, string path)
    {
        var current = new List<BsonValue> { root };
        foreach (var segment in path.Split('.'))
        {
            var next = new List<BsonValue>();
            foreach (var value in current)
            {
                Step(value, segment, next, expandArrays: true);
            }

            current = next;
            if (current.Count == 0)
            {
                break;
            }
        }

        return current;
    }

    private static void Step(BsonValue value, string segment, List<BsonValue> into, bool expandArrays)
    {
        switch (value)
        {
            case BsonDocument document when document.TryGetValue(segment, out var field):
                into.Add(field);
                break;
            case BsonArray array:
                if (int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    if (index < array.Count)
                    {
                        into.Add(array[index]);
                    }
                }
                else if (expandArrays)
                {
                    foreach (var element in array)
                    {
                        if (element is BsonDocument)
                        {
                            Step(element, segment, into, expandArrays: false);
                        }
                    }
                }

                break;
        }
    }

    /// <summary>Sets <paramref name="path"/> in <paramref name="document"/>, creating the documents on the way.</summary>
    public static void Set(BsonDocument document, string path, BsonValue value)
    {
        var segments = path.Split('.');
        BsonValue container = document;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            container = Child(container, segments[i], create: true, path)!;
        }

        var last = segments[^1];
        switch (container)
        {
            case BsonDocument parent:
                parent[last] = value;
                break;
            case BsonArray array when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var index):
                while (array.Count <= index)
                {
                    array.Add(BsonNull.Value);
                }

                array[index] = value;
                break;
            default:
                throw new CommandError(28, "PathNotViable", $"Cannot create field '{last}' in element {{{path}}}");
        }
    }

    /// <summary>Removes <paramref name="path"/>; a missing path is not an error.</summary>
    public static void Unset(BsonDocument document, string path)
    {
        var segments = path.Split('.');
        BsonValue? container = document;
        for (var i = 0; i < segments.Length - 1 && container is not null; i++)
        {
            container = Child(container, segments[i], create: false, path);
        }

        switch (container)
        {
            case BsonDocument parent:
                parent.Remove(segments[^1]);
                break;
            case BsonArray array when int.TryParse(segments[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count:
                array[index] = BsonNull.Value; // as MongoDB does: $unset of an array element leaves null
                break;
        }
    }

    /// <summary>The single value at <paramref name="path"/> (no array expansion), or null when missing.</summary>
    public static BsonValue? Get(BsonDocument document, string path)
    {
        BsonValue? current = document;
        foreach (var segment in path.Split('.'))
        {
            current = current is null ? null : Child(current, segment, create: false, path);
        }

        return current;
    }

    private static BsonValue? Child(BsonValue container, string segment, bool create, string path)
    {
        switch (container)
        {
            case BsonDocument document:
                if (document.TryGetValue(segment, out var child))
                {
                    return child;
                }

                if (!create)
                {
                    return null;
                }

                var created = new BsonDocument();
                document[segment] = created;
                return created;
            case BsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index):
                if (index < array.Count)
                {
                    return array[index];
                }

                if (!create)
                {
                    return null;
                }

                while (array.Count < index)
                {
                    array.Add(BsonNull.Value);
                }

                var element = new BsonDocument();
                array.Add(element);
                return element;
            default:
                return create
                    ? throw new CommandError(28, "PathNotViable", $"Cannot create field '{segment}' in element {{{path}}}")
                    : null;
        }
    }
}
