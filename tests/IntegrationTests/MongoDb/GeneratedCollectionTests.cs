using Backends.Runtime;
using IntegrationTests.Infrastructure;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace IntegrationTests.MongoDb;

/// <summary>
/// The generated <c>Db.MongoDb.Catalog</c> from backends.json: typed collections over the generated BSON serializers
/// (every supported member kind round-trips), indexes ensured at start-up, and unique indexes enforced (11000).
/// </summary>
/// <remarks>
/// <c>Db</c> is shared by the whole process, so these tests run in the generated-Db collection, whose fixture starts every
/// connection of backends.json (this one against <see cref="GeneratedMongoServer"/>).
/// </remarks>
[Collection(GeneratedDbGroup.Name)]
public sealed class GeneratedCollectionTests
{

    [Fact]
    public void The_accessors_are_typed_and_the_generated_serializers_are_registered()
    {
        IMongoCollection<Product> products = Db.MongoDb.Catalog.Products;
        IMongoCollection<AuditEntry> audit = Db.MongoDb.Catalog.AuditLog;
        Assert.Equal("products", products.CollectionNamespace.CollectionName);
        Assert.Equal("audit-log", audit.CollectionNamespace.CollectionName);
        Assert.Equal(GeneratedMongoServer.Database, products.Database.DatabaseNamespace.DatabaseName);
        Assert.Same(products, Db.MongoDb.Catalog.Products);
        Assert.Equal(ConnectionState.Ready, Db.MongoDb.Catalog.State);
        Assert.Equal(["products", "audit-log", "users"], Db.MongoDb.Catalog.Collections.Select(c => c.Name));

        // Generated, not the driver's class map: reflection-free and what native AOT needs.
        Assert.Equal("ProductSerializer", BsonSerializer.LookupSerializer<Product>().GetType().Name);
        Assert.Equal("SupplierSerializer", BsonSerializer.LookupSerializer<Supplier>().GetType().Name);
        Assert.Equal("DimensionsSerializer", BsonSerializer.LookupSerializer<Dimensions>().GetType().Name);
        Assert.Equal("AuditEntrySerializer", BsonSerializer.LookupSerializer<AuditEntry>().GetType().Name);
    }

    [Fact]
    public async Task Every_member_kind_round_trips_through_the_generated_serializer()
    {
        var products = Db.MongoDb.Catalog.Products;
        var product = Full("rt-1");
        await products.InsertOneAsync(product);
        Assert.NotEqual(ObjectId.Empty, product.Id); // the id generator ran (IBsonIdProvider)

        var read = await products.Find(p => p.Id == product.Id).SingleAsync();
        AssertSame(product, read);

        // The stored document uses the element names the generator chose.
        var raw = await Db.MongoDb.Catalog.Database.GetCollection<BsonDocument>("products").Find(new BsonDocument("_id", product.Id)).SingleAsync();
        Assert.Equal(
            ["_id", "sku", "name", "category", "price", "stock", "views", "rating", "active", "externalId", "createdAt", "expiresAt", "updatedAt",
             "discount", "availability", "channel", "previousAvailability", "thumbnail", "supplier", "alternatives", "tags", "sizes", "attributes",
             "packages", "replacedBy", "desc", "revision"],
            raw.Names);
        Assert.Equal(BsonType.Decimal128, raw["price"].BsonType);
        Assert.Equal(BsonType.Binary, raw["externalId"].BsonType);
        Assert.Equal(BsonBinarySubType.UuidStandard, raw["externalId"].AsBsonBinaryData.SubType);
        Assert.Equal(BsonType.DateTime, raw["createdAt"].BsonType);
        Assert.Equal((int)Availability.Backorder, raw["availability"].AsInt32);
        Assert.Equal("Store", raw["channel"].AsString);
        Assert.Equal("Lisbon", raw["supplier"]["name"].AsString);

        // Nulls: written as null, or left out with [BsonIgnoreIfNull]; unknown elements are skipped on read.
        var sparse = new Product { Sku = "rt-2", Category = "misc", CreatedAt = Utc(2024, 1, 1), UpdatedAt = DateTimeOffset.UnixEpoch };
        await products.InsertOneAsync(sparse);
        await Db.MongoDb.Catalog.Database.GetCollection<BsonDocument>("products")
            .UpdateOneAsync(new BsonDocument("_id", sparse.Id), new BsonDocument("$set", new BsonDocument { { "legacyField", 42 }, { "nested", new BsonDocument("x", 1) } }));
        var rawSparse = await Db.MongoDb.Catalog.Database.GetCollection<BsonDocument>("products").Find(new BsonDocument("_id", sparse.Id)).SingleAsync();
        Assert.False(rawSparse.Contains("desc"));
        Assert.Equal(BsonNull.Value, rawSparse["name"]);
        Assert.Equal(BsonNull.Value, rawSparse["supplier"]);
        var readSparse = await products.Find(p => p.Sku == "rt-2").SingleAsync();
        Assert.Null(readSparse.Name);
        Assert.Null(readSparse.Supplier);
        Assert.Null(readSparse.Description);
        Assert.Null(readSparse.Discount);
        Assert.Null(readSparse.ExpiresAt);
        Assert.Empty(readSparse.Tags);
    }

    [Fact]
    public async Task Expression_filters_updates_sorts_and_deletes_use_the_generated_member_map()
    {
        var products = Db.MongoDb.Catalog.Products;
        var category = "expr-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 1; i <= 3; i++)
        {
            var p = Full(category + "-" + i);
            p.Category = category;
            p.Price = i * 10m;
            p.Availability = i == 2 ? Availability.Discontinued : Availability.InStock;
            await products.InsertOneAsync(p);
        }

        var filter = Builders<Product>.Filter;
        Assert.Equal(3, await products.CountDocumentsAsync(filter.Eq(p => p.Category, category)));
        var sorted = await products.Find(filter.Eq(p => p.Category, category)).Sort(Builders<Product>.Sort.Descending(p => p.Price)).ToListAsync();
        Assert.Equal([30m, 20m, 10m], sorted.Select(p => p.Price));
        Assert.Single(await products.Find(p => p.Category == category && p.Availability == Availability.Discontinued).ToListAsync());
        Assert.Equal(2, await products.CountDocumentsAsync(p => p.Category == category && p.Price >= 20m));
        Assert.Equal(3, await products.CountDocumentsAsync(filter.Eq("supplier.country", "PT") & filter.Eq(p => p.Category, category)));
        Assert.Equal(3, await products.CountDocumentsAsync(filter.AnyEq(p => p.Tags, "sale") & filter.Eq(p => p.Category, category)));

        await products.UpdateOneAsync(
            filter.Eq(p => p.Sku, category + "-1"),
            Builders<Product>.Update.Set(p => p.Name, "renamed").Inc(p => p.Stock, 5).Set(p => p.Channel, Channel.Web));
        var updated = await products.Find(filter.Eq(p => p.Sku, category + "-1")).SingleAsync();
        Assert.Equal(("renamed", 12, Channel.Web), (updated.Name, updated.Stock, updated.Channel));

        var deleted = await products.DeleteManyAsync(filter.Eq(p => p.Category, category) & filter.Lt(p => p.Price, 25m));
        Assert.Equal(2, deleted.DeletedCount);
        Assert.Equal(1, await products.CountDocumentsAsync(filter.Eq(p => p.Category, category)));

        // A [BsonId] string id of another name.
        var audit = Db.MongoDb.Catalog.AuditLog;
        await audit.InsertOneAsync(new AuditEntry { Key = "a-" + category, Action = "create", At = Utc(2024, 5, 1) });
        var entry = await audit.Find(a => a.Key == "a-" + category).SingleAsync();
        Assert.Equal(("create", Utc(2024, 5, 1)), (entry.Action, entry.At));
    }

    [Fact]
    public async Task Start_up_ensured_the_declared_indexes_and_unique_ones_reject_duplicates_with_11000()
    {
        var indexes = await (await Db.MongoDb.Catalog.Database.GetCollection<BsonDocument>("products").Indexes.ListAsync()).ToListAsync();
        var byName = indexes.ToDictionary(i => i["name"].AsString);
        Assert.Contains("category_1_price_-1", byName.Keys);
        Assert.Contains("supplier.country_1", byName.Keys);
        Assert.True(byName["sku_1"]["unique"].ToBoolean());
        Assert.Equal(3600, byName["expiresAt_1"]["expireAfterSeconds"].ToInt32());
        var audit = await (await Db.MongoDb.Catalog.Database.GetCollection<BsonDocument>("audit-log").Indexes.ListAsync()).ToListAsync();
        Assert.Contains(audit, i => i["name"].AsString == "at_-1");

        // Idempotent: ensuring again changes nothing.
        await Db.MongoDb.Catalog.EnsureIndexesAsync();
        Assert.Equal(indexes.Count, (await (await Db.MongoDb.Catalog.Database.GetCollection<BsonDocument>("products").Indexes.ListAsync()).ToListAsync()).Count);

        var products = Db.MongoDb.Catalog.Products;
        var sku = "dup-" + Guid.NewGuid().ToString("N")[..8];
        await products.InsertOneAsync(new Product { Sku = sku, Category = "dup" });
        var duplicate = await Assert.ThrowsAsync<MongoWriteException>(() => products.InsertOneAsync(new Product { Sku = sku, Category = "dup" }));
        Assert.Equal(11000, duplicate.WriteError.Code);
        Assert.Equal(ServerErrorCategory.DuplicateKey, duplicate.WriteError.Category);
    }

    private static DateTime Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, DateTimeKind.Utc);

    private static Product Full(string sku) => new()
    {
        Sku = sku,
        Name = "Cork board",
        Category = "office",
        Price = 19.99m,
        Stock = 7,
        Views = 5_000_000_000L,
        Rating = 4.25,
        Active = true,
        ExternalId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        CreatedAt = new DateTime(2024, 2, 29, 12, 30, 15, 123, DateTimeKind.Utc),
        ExpiresAt = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        UpdatedAt = new DateTimeOffset(2024, 3, 1, 8, 0, 0, 250, TimeSpan.Zero),
        Discount = 15,
        Availability = Availability.Backorder,
        Channel = Channel.Store,
        PreviousAvailability = Availability.InStock,
        Thumbnail = [1, 2, 3, 255],
        Supplier = new Supplier { Name = "Lisbon", Country = "PT", Box = new Dimensions { Width = 1.5, Height = 2 } },
        Alternatives = [new Supplier { Name = "Porto", Country = "PT" }, new Supplier { Name = "Vigo", Country = "ES" }],
        Tags = ["sale", "cork"],
        Sizes = [1, 2, 3],
        Attributes = new() { ["color"] = "brown", ["finish"] = "matte" },
        Packages = new() { ["small"] = new Dimensions { Width = 1, Height = 1 }, ["large"] = new Dimensions { Width = 3, Height = 4 } },
        ReplacedBy = ObjectId.Parse("65f1a2b3c4d5e6f708192a3b"),
        Description = "A board of cork",
        Scratch = new object(),
        Revision = 3,
    };

    private static void AssertSame(Product expected, Product actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Sku, actual.Sku);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Category, actual.Category);
        Assert.Equal(expected.Price, actual.Price);
        Assert.Equal(expected.Stock, actual.Stock);
        Assert.Equal(expected.Views, actual.Views);
        Assert.Equal(expected.Rating, actual.Rating);
        Assert.Equal(expected.Active, actual.Active);
        Assert.Equal(expected.ExternalId, actual.ExternalId);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, actual.CreatedAt.Kind);
        Assert.Equal(expected.ExpiresAt, actual.ExpiresAt);
        Assert.Equal(expected.UpdatedAt, actual.UpdatedAt);
        Assert.Equal(expected.Discount, actual.Discount);
        Assert.Equal(expected.Availability, actual.Availability);
        Assert.Equal(expected.Channel, actual.Channel);
        Assert.Equal(expected.PreviousAvailability, actual.PreviousAvailability);
        Assert.Equal(expected.Thumbnail, actual.Thumbnail);
        Assert.Equal((expected.Supplier!.Name, expected.Supplier.Country, expected.Supplier.Box!.Width, expected.Supplier.Box.Height),
            (actual.Supplier!.Name, actual.Supplier.Country, actual.Supplier.Box!.Width, actual.Supplier.Box.Height));
        Assert.Equal(expected.Alternatives.Select(s => (s.Name, s.Country, s.Box)), actual.Alternatives.Select(s => (s.Name, s.Country, s.Box)));
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Sizes, actual.Sizes);
        Assert.Equal(expected.Attributes, actual.Attributes);
        Assert.Equal(expected.Packages.Select(p => (p.Key, p.Value.Width, p.Value.Height)), actual.Packages.Select(p => (p.Key, p.Value.Width, p.Value.Height)));
        Assert.Equal(expected.ReplacedBy, actual.ReplacedBy);
        Assert.Equal(expected.Description, actual.Description);
        Assert.Null(actual.Scratch);
        Assert.Equal(expected.Revision, actual.Revision);
    }
}
