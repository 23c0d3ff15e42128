using System.Text.RegularExpressions;
using MongoDB.Bson;

namespace MongoTestServer;

/// <summary>
/// Query filters: equality (on dotted paths, matching inside arrays), <c>$eq $ne $gt $gte $lt $lte $in $nin $exists
/// $not $regex $size</c> and <c>$and $or $nor</c>. A missing field equals null. Anything else is a BadValue error,
/// so a test never passes on a filter the server silently ignored.
/// </summary>
internal static class Filter
{
    public static bool Matches(BsonDocument document, BsonDocument? filter)
    {
        if (filter is null)
        {
            return true;
        }

        foreach (var element in filter)
        {
            var matched = element.Name switch
            {
                "$and" => Clauses(element).All(clause => Matches(document, clause)),
                "$or" => Clauses(element).Any(clause => Matches(document, clause)),
                "$nor" => !Clauses(element).Any(clause => Matches(document, clause)),
                "$comment" => true,
                var name when name.StartsWith('$') => throw CommandError.BadValue($"unknown top level operator: {name}"),
                var name => MatchesField(Paths.Resolve(document, name), element.Value),
            };

            if (!matched)
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<BsonDocument> Clauses(BsonElement element) =>
        element.Value is BsonArray { Count: > 0 } array && array.All(v => v is BsonDocument)
            ? array.Select(v => v.AsBsonDocument)
            : throw CommandError.BadValue($"{element.Name} must be a nonempty array of documents");

    private static bool MatchesField(List<BsonValue> values, BsonValue condition)
    {
        if (condition is BsonRegularExpression regex)
        {
            return Regex(values, regex.Pattern, regex.Options);
        }

        if (condition is BsonDocument { ElementCount: > 0 } operators && operators.GetElement(0).Name.StartsWith('$'))
        {
            return Operators(values, operators);
        }

        return EqualsAny(values, condition);
    }

    private static bool Operators(List<BsonValue> values, BsonDocument operators)
    {
        foreach (var op in operators)
        {
            var matched = op.Name switch
            {
                "$eq" => EqualsAny(values, op.Value),
                "$ne" => !EqualsAny(values, op.Value),
                "$gt" => CompareAny(values, op.Value, c => c > 0),
                "$gte" => CompareAny(values, op.Value, c => c >= 0),
                "$lt" => CompareAny(values, op.Value, c => c < 0),
                "$lte" => CompareAny(values, op.Value, c => c <= 0),
                "$in" => In(values, op.Value),
                "$nin" => !In(values, op.Value),
                "$exists" => values.Count > 0 == op.Value.ToBoolean(),
                "$not" => !MatchesField(values, op.Value),
                "$size" => values.Any(v => v is BsonArray a && a.Count == op.Value.ToInt32()),
                "$regex" => Regex(values, op.Value.ToString()!, operators.GetValue("$options", "").ToString()!),
                "$options" => true,
                _ => throw CommandError.BadValue($"unknown operator: {op.Name}"),
            };

            if (!matched)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Equality as MongoDB does it: a value, or any element of an array value, equals the target; missing equals null.</summary>
    private static bool EqualsAny(List<BsonValue> values, BsonValue target)
    {
        if (values.Count == 0)
        {
            return target.IsBsonNull;
        }

        foreach (var value in values)
        {
            if (BsonOrder.Equal(value, target) ||
                (value is BsonArray array && array.Any(element => BsonOrder.Equal(element, target))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool CompareAny(List<BsonValue> values, BsonValue target, Func<int, bool> accept)
    {
        IEnumerable<BsonValue> candidates = values.Count == 0 ? [BsonNull.Value] : values.SelectMany(Expand);
        return candidates.Any(value => BsonOrder.Rank(value) == BsonOrder.Rank(target) && accept(BsonOrder.Instance.Compare(value, target)));
    }

    private static IEnumerable<BsonValue> Expand(BsonValue value) =>
        value is BsonArray array ? array.Append(value) : [value];

    private static bool In(List<BsonValue> values, BsonValue targets) =>
        targets is BsonArray array
            ? array.Any(target => target is BsonRegularExpression regex ? Regex(values, regex.Pattern, regex.Options) : EqualsAny(values, target))
            : throw CommandError.BadValue("$in needs an array");

    private static bool Regex(List<BsonValue> values, string pattern, string options)
    {
        var regexOptions = RegexOptions.CultureInvariant;
        if (options.Contains('i', StringComparison.Ordinal))
        {
            regexOptions |= RegexOptions.IgnoreCase;
        }

        if (options.Contains('m', StringComparison.Ordinal))
        {
            regexOptions |= RegexOptions.Multiline;
        }

        var regex = new Regex(pattern, regexOptions, TimeSpan.FromSeconds(1));
        return values.SelectMany(Expand).Any(v => v is BsonString s && regex.IsMatch(s.Value));
    }
}
