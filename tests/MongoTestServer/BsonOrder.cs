using MongoDB.Bson;

namespace MongoTestServer;

/// <summary>
/// MongoDB's comparison order: first by type class (MinKey &lt; null &lt; numbers &lt; strings &lt; documents &lt; arrays &lt;
/// binary &lt; ObjectId &lt; bool &lt; date &lt; timestamp &lt; regex &lt; MaxKey), then by value; numbers of different types compare
/// by value (1 == 1L == 1.0).
/// </summary>
internal sealed class BsonOrder : IComparer<BsonValue>
{
    public static readonly BsonOrder Instance = new();

    public static bool Equal(BsonValue a, BsonValue b) => Instance.Compare(a, b) == 0;

    /// <summary>The type class; values of different classes never match $gt/$lt.</summary>
    public static int Rank(BsonValue value) => value.BsonType switch
    {
        BsonType.MinKey => 1,
        BsonType.Null or BsonType.Undefined => 2,
        BsonType.Double or BsonType.Int32 or BsonType.Int64 or BsonType.Decimal128 => 3,
        BsonType.String or BsonType.Symbol => 4,
        BsonType.Document => 5,
        BsonType.Array => 6,
        BsonType.Binary => 7,
        BsonType.ObjectId => 8,
        BsonType.Boolean => 9,
        BsonType.DateTime => 10,
        BsonType.Timestamp => 11,
        BsonType.RegularExpression => 12,
        BsonType.MaxKey => 14,
        _ => 13,
    };

    public int Compare(BsonValue? x, BsonValue? y)
    {
        x ??= BsonNull.Value;
        y ??= BsonNull.Value;
        var rank = Rank(x).CompareTo(Rank(y));
        if (rank != 0)
        {
            return rank;
        }

        switch (x.BsonType)
        {
            case BsonType.Double or BsonType.Int32 or BsonType.Int64 or BsonType.Decimal128:
                if (x.BsonType is BsonType.Int32 or BsonType.Int64 && y.BsonType is BsonType.Int32 or BsonType.Int64)
                {
                    return x.ToInt64().CompareTo(y.ToInt64());
                }

                return x.BsonType == BsonType.Decimal128 || y.BsonType == BsonType.Decimal128
                    ? x.ToDecimal().CompareTo(y.ToDecimal())
                    : x.ToDouble().CompareTo(y.ToDouble());
            case BsonType.String or BsonType.Symbol:
                return string.CompareOrdinal(x.ToString(), y.ToString());
            case BsonType.Document:
            {
                var a = x.AsBsonDocument;
                var b = y.AsBsonDocument;
                for (var i = 0; i < Math.Min(a.ElementCount, b.ElementCount); i++)
                {
                    var ea = a.GetElement(i);
                    var eb = b.GetElement(i);
                    var c = Rank(ea.Value).CompareTo(Rank(eb.Value));
                    if (c == 0)
                    {
                        c = string.CompareOrdinal(ea.Name, eb.Name);
                    }

                    if (c == 0)
                    {
                        c = Compare(ea.Value, eb.Value);
                    }

                    if (c != 0)
                    {
                        return c;
                    }
                }

                return a.ElementCount.CompareTo(b.ElementCount);
            }

            case BsonType.Array:
            {
                var a = x.AsBsonArray;
                var b = y.AsBsonArray;
                for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
                {
                    var c = Compare(a[i], b[i]);
                    if (c != 0)
                    {
                        return c;
                    }
                }

                return a.Count.CompareTo(b.Count);
            }

            case BsonType.Binary:
            {
                var a = x.AsBsonBinaryData;
                var b = y.AsBsonBinaryData;
                var c = a.Bytes.Length.CompareTo(b.Bytes.Length);
                if (c == 0)
                {
                    c = ((int)a.SubType).CompareTo((int)b.SubType);
                }

                return c != 0 ? c : a.Bytes.AsSpan().SequenceCompareTo(b.Bytes);
            }

            case BsonType.ObjectId:
                return x.AsObjectId.CompareTo(y.AsObjectId);
            case BsonType.Boolean:
                return x.AsBoolean.CompareTo(y.AsBoolean);
            case BsonType.DateTime:
                return x.AsBsonDateTime.MillisecondsSinceEpoch.CompareTo(y.AsBsonDateTime.MillisecondsSinceEpoch);
            case BsonType.Timestamp:
                return x.AsBsonTimestamp.Value.CompareTo(y.AsBsonTimestamp.Value);
            default:
                return string.CompareOrdinal(x.ToString(), y.ToString());
        }
    }
}
