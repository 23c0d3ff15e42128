using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Backends.DynamoDb;

/// <summary>
/// Reflection-free converters between .NET values and DynamoDB <see cref="AttributeValue"/>s. Used by generated code:
/// generated item mappers write each member with a <c>From</c> overload and <see cref="Put"/>, and read it with the
/// <c>ToXxx</c> method of its type; hand-written mappers call the same methods.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>.NET</term><description>DynamoDB</description></listheader>
/// <item><term><see cref="string"/></term><description><c>S</c></description></item>
/// <item><term><see cref="int"/>, <see cref="long"/>, <see cref="double"/>, <see cref="decimal"/></term><description><c>N</c> (invariant culture; NaN and infinities are rejected)</description></item>
/// <item><term><see cref="bool"/></term><description><c>BOOL</c></description></item>
/// <item><term><see cref="Guid"/></term><description><c>S</c>, <c>"D"</c> format</description></item>
/// <item><term><see cref="DateTime"/>, <see cref="DateTimeOffset"/></term><description><c>S</c>, ISO-8601 in UTC (<c>"O"</c>), so that strings sort in time order;
/// epoch seconds (<c>N</c>) for a TTL member through <see cref="FromEpochSeconds(DateTimeOffset)"/></description></item>
/// <item><term>enums</term><description><c>S</c>, the member's name (stable when members are reordered)</description></item>
/// <item><term><see cref="byte"/>[]</term><description><c>B</c></description></item>
/// <item><term>lists</term><description><c>L</c></description></item>
/// <item><term>string / number sets</term><description><c>SS</c> / <c>NS</c> (an empty set is left out: DynamoDB has no empty sets)</description></item>
/// <item><term><c>Dictionary&lt;string, T&gt;</c>, nested classes</term><description><c>M</c></description></item>
/// </list>
/// <para>Every <c>From</c> returns <see langword="null"/> for a <see langword="null"/> value (then <see cref="Put"/> leaves
/// the attribute out); every <c>To</c> reads a missing attribute or <c>NULL</c> as <see langword="null"/> / the default, and
/// throws <see cref="FormatException"/> for an attribute of another type.</para>
/// </remarks>
public static class DynamoValue
{
    /// <summary>The DynamoDB <c>NULL</c> value (used for <see langword="null"/> elements of lists and maps).</summary>
    public static AttributeValue Null => new() { NULL = true };

    /// <summary>Adds <paramref name="value"/> to <paramref name="item"/> under <paramref name="name"/> unless it is <see langword="null"/>.</summary>
    public static void Put(Dictionary<string, AttributeValue> item, string name, AttributeValue? value)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (value is not null)
        {
            item[name] = value;
        }
    }

    /// <summary>The attribute <paramref name="name"/> of <paramref name="item"/>, or <see langword="null"/> when it is missing or <c>NULL</c>.</summary>
    public static AttributeValue? Get(Dictionary<string, AttributeValue> item, string name)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.TryGetValue(name, out var value) && !IsNull(value) ? value : null;
    }

    /// <summary>Whether <paramref name="value"/> is missing or DynamoDB's <c>NULL</c>.</summary>
    public static bool IsNull(AttributeValue? value) => value is null || value.NULL == true;

    // ---- strings, numbers, bool ----

    /// <summary><c>S</c>.</summary>
    public static AttributeValue? From(string? value) => value is null ? null : new AttributeValue { S = value };

    /// <summary><c>N</c>.</summary>
    public static AttributeValue From(int value) => Number(value.ToString(CultureInfo.InvariantCulture));

    /// <summary><c>N</c>, or <see langword="null"/>.</summary>
    public static AttributeValue? From(int? value) => value is { } v ? From(v) : null;

    /// <summary><c>N</c>.</summary>
    public static AttributeValue From(long value) => Number(value.ToString(CultureInfo.InvariantCulture));

    /// <summary><c>N</c>, or <see langword="null"/>.</summary>
    public static AttributeValue? From(long? value) => value is { } v ? From(v) : null;

    /// <summary><c>N</c> (round-trip format). NaN and infinities have no DynamoDB number: <see cref="ArgumentOutOfRangeException"/>.</summary>
    public static AttributeValue From(double value) => double.IsFinite(value)
        ? Number(value.ToString("R", CultureInfo.InvariantCulture))
        : throw new ArgumentOutOfRangeException(nameof(value), value, "DynamoDB numbers cannot hold NaN or infinity.");

    /// <summary><c>N</c>, or <see langword="null"/>.</summary>
    public static AttributeValue? From(double? value) => value is { } v ? From(v) : null;

    /// <summary><c>N</c>.</summary>
    public static AttributeValue From(decimal value) => Number(value.ToString(CultureInfo.InvariantCulture));

    /// <summary><c>N</c>, or <see langword="null"/>.</summary>
    public static AttributeValue? From(decimal? value) => value is { } v ? From(v) : null;

    /// <summary><c>BOOL</c>.</summary>
    public static AttributeValue From(bool value) => new() { BOOL = value };

    /// <summary><c>BOOL</c>, or <see langword="null"/>.</summary>
    public static AttributeValue? From(bool? value) => value is { } v ? From(v) : null;

    /// <summary><c>S</c>, <c>"D"</c> format.</summary>
    public static AttributeValue From(Guid value) => new() { S = value.ToString("D") };

    /// <summary><c>S</c>, or <see langword="null"/>.</summary>
    public static AttributeValue? From(Guid? value) => value is { } v ? From(v) : null;

    /// <summary>
    /// <c>S</c>: ISO-8601 in UTC (<c>2024-05-01T12:00:00.0000000Z</c>). A local time is converted to UTC; an unspecified
    /// kind is taken as UTC.
    /// </summary>
    public static AttributeValue From(DateTime value) => new() { S = Utc(value).ToString("O", CultureInfo.InvariantCulture) };

    /// <summary><c>S</c>, or <see langword="null"/>.</summary>
    public static AttributeValue? From(DateTime? value) => value is { } v ? From(v) : null;

    /// <summary><c>S</c>: ISO-8601 of the same instant in UTC, so that stored strings sort in time order (the offset is not kept).</summary>
    public static AttributeValue From(DateTimeOffset value) => new() { S = value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) };

    /// <summary><c>S</c>, or <see langword="null"/>.</summary>
    public static AttributeValue? From(DateTimeOffset? value) => value is { } v ? From(v) : null;

    /// <summary><c>B</c>.</summary>
    public static AttributeValue? From(byte[]? value) => value is null ? null : new AttributeValue { B = new MemoryStream(value, writable: false) };

    /// <summary><c>S</c>: the enum member's name (a value with no name, such as a combination of flags, is written as its number).</summary>
    public static AttributeValue FromEnum<TEnum>(TEnum value)
        where TEnum : struct, Enum => new() { S = value.ToString() };

    /// <summary><c>S</c>, or <see langword="null"/>.</summary>
    public static AttributeValue? FromEnum<TEnum>(TEnum? value)
        where TEnum : struct, Enum => value is { } v ? FromEnum(v) : null;

    // ---- TTL: epoch seconds ----

    /// <summary><c>N</c>: whole epoch seconds (rounded up), the format DynamoDB's TTL reads.</summary>
    public static AttributeValue FromEpochSeconds(DateTimeOffset value) =>
        From((value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond);

    /// <summary><c>N</c>, or <see langword="null"/>.</summary>
    public static AttributeValue? FromEpochSeconds(DateTimeOffset? value) => value is { } v ? FromEpochSeconds(v) : null;

    /// <summary><c>N</c>: whole epoch seconds; the kind is handled as in <see cref="From(DateTime)"/>.</summary>
    public static AttributeValue FromEpochSeconds(DateTime value) => FromEpochSeconds(new DateTimeOffset(Utc(value)));

    /// <summary><c>N</c>, or <see langword="null"/>.</summary>
    public static AttributeValue? FromEpochSeconds(DateTime? value) => value is { } v ? FromEpochSeconds(v) : null;

    // ---- collections ----

    /// <summary><c>L</c>: each element converted by <paramref name="convert"/> (a <see langword="null"/> result is stored as <c>NULL</c>).</summary>
    public static AttributeValue? FromList<TItem>(IEnumerable<TItem>? values, Func<TItem, AttributeValue?> convert)
    {
        ArgumentNullException.ThrowIfNull(convert);
        return values is null ? null : new AttributeValue { L = [.. values.Select(v => convert(v) ?? Null)] };
    }

    /// <summary><c>M</c>: each value converted by <paramref name="convert"/> (a <see langword="null"/> result is stored as <c>NULL</c>).</summary>
    public static AttributeValue? FromMap<TValue>(IEnumerable<KeyValuePair<string, TValue>>? values, Func<TValue, AttributeValue?> convert)
    {
        ArgumentNullException.ThrowIfNull(convert);
        if (values is null)
        {
            return null;
        }

        var map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            map[key] = convert(value) ?? Null;
        }

        return new AttributeValue { M = map };
    }

    /// <summary><c>M</c>: a nested object written by its mapper.</summary>
    public static AttributeValue? FromObject<TItem>(TItem? value, IDynamoItemMapper<TItem> mapper)
        where TItem : class
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return value is null ? null : new AttributeValue { M = mapper.ToItem(value) };
    }

    /// <summary><c>SS</c>; <see langword="null"/> for a <see langword="null"/> or empty set (DynamoDB has no empty sets).</summary>
    public static AttributeValue? FromStringSet(IEnumerable<string>? values)
    {
        var list = values?.Distinct(StringComparer.Ordinal).ToList();
        return list is null || list.Count == 0 ? null : new AttributeValue { SS = list };
    }

    /// <summary><c>NS</c>; <see langword="null"/> for a <see langword="null"/> or empty set.</summary>
    public static AttributeValue? FromNumberSet(IEnumerable<long>? values) =>
        NumberSet(values?.Distinct().Select(v => v.ToString(CultureInfo.InvariantCulture)));

    /// <summary><c>NS</c>; <see langword="null"/> for a <see langword="null"/> or empty set.</summary>
    public static AttributeValue? FromNumberSet(IEnumerable<int>? values) =>
        NumberSet(values?.Distinct().Select(v => v.ToString(CultureInfo.InvariantCulture)));

    /// <summary><c>NS</c>; <see langword="null"/> for a <see langword="null"/> or empty set.</summary>
    public static AttributeValue? FromNumberSet(IEnumerable<double>? values) =>
        NumberSet(values?.Distinct().Select(v => From(v).N));

    /// <summary><c>NS</c>; <see langword="null"/> for a <see langword="null"/> or empty set.</summary>
    public static AttributeValue? FromNumberSet(IEnumerable<decimal>? values) =>
        NumberSet(values?.Distinct().Select(v => v.ToString(CultureInfo.InvariantCulture)));

    // ---- reading ----

    /// <summary>An <c>S</c> as a string; <see langword="null"/> for missing or <c>NULL</c>.</summary>
    public static string? ToString(AttributeValue? value) => IsNull(value) ? null : value!.S ?? throw Mismatch(value, "S (string)");

    /// <summary>An <c>N</c> as an <see cref="int"/>.</summary>
    public static int ToInt32(AttributeValue? value) => ToNullableInt32(value) ?? 0;

    /// <summary>An <c>N</c> as an <see cref="int"/>, or <see langword="null"/>.</summary>
    public static int? ToNullableInt32(AttributeValue? value) =>
        NumberText(value) is { } n ? int.Parse(n, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    /// <summary>An <c>N</c> as a <see cref="long"/>.</summary>
    public static long ToInt64(AttributeValue? value) => ToNullableInt64(value) ?? 0;

    /// <summary>An <c>N</c> as a <see cref="long"/>, or <see langword="null"/>.</summary>
    public static long? ToNullableInt64(AttributeValue? value) =>
        NumberText(value) is { } n ? long.Parse(n, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    /// <summary>An <c>N</c> as a <see cref="double"/>.</summary>
    public static double ToDouble(AttributeValue? value) => ToNullableDouble(value) ?? 0;

    /// <summary>An <c>N</c> as a <see cref="double"/>, or <see langword="null"/>.</summary>
    public static double? ToNullableDouble(AttributeValue? value) =>
        NumberText(value) is { } n ? double.Parse(n, NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    /// <summary>An <c>N</c> as a <see cref="decimal"/>.</summary>
    public static decimal ToDecimal(AttributeValue? value) => ToNullableDecimal(value) ?? 0;

    /// <summary>An <c>N</c> as a <see cref="decimal"/>, or <see langword="null"/>.</summary>
    public static decimal? ToNullableDecimal(AttributeValue? value) =>
        NumberText(value) is { } n ? decimal.Parse(n, NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    /// <summary>A <c>BOOL</c>.</summary>
    public static bool ToBoolean(AttributeValue? value) => ToNullableBoolean(value) ?? false;

    /// <summary>A <c>BOOL</c>, or <see langword="null"/>.</summary>
    public static bool? ToNullableBoolean(AttributeValue? value) =>
        IsNull(value) ? null : value!.BOOL ?? throw Mismatch(value, "BOOL");

    /// <summary>An <c>S</c> as a <see cref="Guid"/>.</summary>
    public static Guid ToGuid(AttributeValue? value) => ToNullableGuid(value) ?? Guid.Empty;

    /// <summary>An <c>S</c> as a <see cref="Guid"/>, or <see langword="null"/>.</summary>
    public static Guid? ToNullableGuid(AttributeValue? value) => ToString(value) is { } s ? Guid.Parse(s) : null;

    /// <summary>An ISO-8601 <c>S</c> as a UTC <see cref="DateTime"/>.</summary>
    public static DateTime ToDateTime(AttributeValue? value) => ToNullableDateTime(value) ?? default;

    /// <summary>An ISO-8601 <c>S</c> as a UTC <see cref="DateTime"/>, or <see langword="null"/>.</summary>
    public static DateTime? ToNullableDateTime(AttributeValue? value) =>
        ToString(value) is { } s ? DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) : null;

    /// <summary>An ISO-8601 <c>S</c> as a <see cref="DateTimeOffset"/> (offset zero).</summary>
    public static DateTimeOffset ToDateTimeOffset(AttributeValue? value) => ToNullableDateTimeOffset(value) ?? default;

    /// <summary>An ISO-8601 <c>S</c> as a <see cref="DateTimeOffset"/>, or <see langword="null"/>.</summary>
    public static DateTimeOffset? ToNullableDateTimeOffset(AttributeValue? value) =>
        ToString(value) is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime() : null;

    /// <summary>A <c>B</c> as a new array; <see langword="null"/> for missing or <c>NULL</c>.</summary>
    public static byte[]? ToBytes(AttributeValue? value) =>
        IsNull(value) ? null : value!.B is { } stream ? stream.ToArray() : throw Mismatch(value, "B (binary)");

    /// <summary>An <c>S</c> (a member name, or a number) as <typeparamref name="TEnum"/>.</summary>
    public static TEnum ToEnum<TEnum>(AttributeValue? value)
        where TEnum : struct, Enum => ToNullableEnum<TEnum>(value) ?? default;

    /// <summary>An <c>S</c> as <typeparamref name="TEnum"/>, or <see langword="null"/>.</summary>
    public static TEnum? ToNullableEnum<TEnum>(AttributeValue? value)
        where TEnum : struct, Enum
    {
        if (IsNull(value))
        {
            return null;
        }

        var text = value!.S ?? value.N ?? throw Mismatch(value, "S (enum name)");
        return Enum.TryParse<TEnum>(text, ignoreCase: false, out var parsed)
            ? parsed
            : throw new FormatException($"\"{text}\" is not a member of {typeof(TEnum).Name}.");
    }

    /// <summary>An <c>N</c> of epoch seconds (a TTL attribute) as a UTC <see cref="DateTimeOffset"/>.</summary>
    public static DateTimeOffset? ToNullableEpochSeconds(AttributeValue? value) =>
        NumberText(value) is { } n ? DateTimeOffset.FromUnixTimeSeconds((long)decimal.Parse(n, NumberStyles.Float, CultureInfo.InvariantCulture)) : null;

    /// <summary>An <c>N</c> of epoch seconds as a UTC <see cref="DateTimeOffset"/>.</summary>
    public static DateTimeOffset ToEpochSeconds(AttributeValue? value) => ToNullableEpochSeconds(value) ?? default;

    /// <summary>An <c>L</c> as a list, each element read by <paramref name="convert"/>; <see langword="null"/> for missing or <c>NULL</c>.</summary>
    public static List<TItem>? ToList<TItem>(AttributeValue? value, Func<AttributeValue, TItem> convert)
    {
        ArgumentNullException.ThrowIfNull(convert);
        return IsNull(value) ? null : value!.L is { } list ? list.ConvertAll(v => convert(v)) : throw Mismatch(value, "L (list)");
    }

    /// <summary>An <c>M</c> as a dictionary, each value read by <paramref name="convert"/>; <see langword="null"/> for missing or <c>NULL</c>.</summary>
    public static Dictionary<string, TValue>? ToMap<TValue>(AttributeValue? value, Func<AttributeValue, TValue> convert)
    {
        ArgumentNullException.ThrowIfNull(convert);
        if (IsNull(value))
        {
            return null;
        }

        var map = value!.M ?? throw Mismatch(value, "M (map)");
        var result = new Dictionary<string, TValue>(map.Count, StringComparer.Ordinal);
        foreach (var (key, item) in map)
        {
            result[key] = convert(item);
        }

        return result;
    }

    /// <summary>An <c>M</c> read by a nested object's mapper; <see langword="null"/> for missing or <c>NULL</c>.</summary>
    public static TItem? ToObject<TItem>(AttributeValue? value, IDynamoItemMapper<TItem> mapper)
        where TItem : class
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return IsNull(value) ? null : value!.M is { } map ? mapper.FromItem(map) : throw Mismatch(value, "M (map)");
    }

    /// <summary>An <c>SS</c> as a set; <see langword="null"/> when missing (an empty set is never stored).</summary>
    public static HashSet<string>? ToStringSet(AttributeValue? value) =>
        IsNull(value) ? null : value!.SS is { } set ? new HashSet<string>(set, StringComparer.Ordinal) : throw Mismatch(value, "SS (string set)");

    /// <summary>An <c>NS</c> as a set of <see cref="long"/>; <see langword="null"/> when missing.</summary>
    public static HashSet<long>? ToInt64Set(AttributeValue? value) =>
        NumberSetText(value)?.Select(n => long.Parse(n, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToHashSet();

    /// <summary>An <c>NS</c> as a set of <see cref="int"/>; <see langword="null"/> when missing.</summary>
    public static HashSet<int>? ToInt32Set(AttributeValue? value) =>
        NumberSetText(value)?.Select(n => int.Parse(n, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToHashSet();

    /// <summary>An <c>NS</c> as a set of <see cref="double"/>; <see langword="null"/> when missing.</summary>
    public static HashSet<double>? ToDoubleSet(AttributeValue? value) =>
        NumberSetText(value)?.Select(n => double.Parse(n, NumberStyles.Float, CultureInfo.InvariantCulture)).ToHashSet();

    /// <summary>An <c>NS</c> as a set of <see cref="decimal"/>; <see langword="null"/> when missing.</summary>
    public static HashSet<decimal>? ToDecimalSet(AttributeValue? value) =>
        NumberSetText(value)?.Select(n => decimal.Parse(n, NumberStyles.Float, CultureInfo.InvariantCulture)).ToHashSet();

    /// <summary>
    /// The key attribute for a key value of a supported key type (string, integer or floating number, decimal,
    /// <see cref="Guid"/>, <see cref="DateTime"/>, <see cref="DateTimeOffset"/>, enum, <see cref="byte"/>[]), converted
    /// as the item mappers convert members; used where a key arrives untyped (<c>FindAsync</c> of a repository).
    /// </summary>
    /// <exception cref="ArgumentException">The value is <see langword="null"/> or of a type no key can have.</exception>
    public static AttributeValue FromKey(object? value) => value switch
    {
        string s => new AttributeValue { S = s },
        int i => From(i),
        long l => From(l),
        short s => From((int)s),
        byte b => From((int)b),
        uint u => From((long)u),
        double d => From(d),
        float f => From((double)f),
        decimal m => From(m),
        Guid g => From(g),
        DateTime t => From(t),
        DateTimeOffset o => From(o),
        Enum e => new AttributeValue { S = e.ToString() },
        byte[] bytes => new AttributeValue { B = new MemoryStream(bytes, writable: false) },
        AttributeValue attribute => attribute,
        null => throw new ArgumentException("A key value cannot be null.", nameof(value)),
        _ => throw new ArgumentException($"A {value.GetType().Name} cannot be a DynamoDB key: keys are strings, numbers or binary.", nameof(value)),
    };

    private static AttributeValue Number(string text) => new() { N = text };

    private static AttributeValue? NumberSet(IEnumerable<string?>? values)
    {
        var list = values?.Select(v => v!).ToList();
        return list is null || list.Count == 0 ? null : new AttributeValue { NS = list };
    }

    private static string? NumberText(AttributeValue? value) => IsNull(value) ? null : value!.N ?? throw Mismatch(value, "N (number)");

    private static List<string>? NumberSetText(AttributeValue? value) =>
        IsNull(value) ? null : value!.NS ?? throw Mismatch(value, "NS (number set)");

    private static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };

    private static FormatException Mismatch(AttributeValue value, string expected) =>
        new($"Expected a DynamoDB {expected} attribute, found {Describe(value)}.");

    private static string Describe(AttributeValue value) =>
        value.S is not null ? "S" : value.N is not null ? "N" : value.B is not null ? "B" : value.BOOL is not null ? "BOOL"
        : value.M is not null ? "M" : value.L is not null ? "L" : value.SS is not null ? "SS" : value.NS is not null ? "NS"
        : value.BS is not null ? "BS" : "an empty value";
}
