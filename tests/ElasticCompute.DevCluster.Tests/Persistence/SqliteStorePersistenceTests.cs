using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Storage;

namespace ElasticCompute.DevCluster.Tests.Persistence;

public sealed class SqliteStorePersistenceTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Objects_and_revision_survive_a_restart()
    {
        long revision;
        using (var persistence = new SqliteStorePersistence(dir.Path))
        {
            var store = new ObjectStore(persistence: persistence);
            store.Create("namespaces", Object("team-a", null));
            var cm = store.Create("configmaps", Object("settings", "team-a", new JsonObject { ["k"] = "v1" }));
            var updated = JsonNode.Parse(cm.Json)!.AsObject();
            updated["data"] = new JsonObject { ["k"] = "v2" };
            store.Update("configmaps", updated, cm.Revision);
            store.Create("virtualmachines.kubevirt.io", Object("vm-1", "team-a"));
            revision = store.Revision;
        }

        using (var persistence = new SqliteStorePersistence(dir.Path))
        {
            var store = new ObjectStore(persistence: persistence);
            Assert.Equal(revision, store.Revision);
            Assert.Equal(3, store.Count);
            var cm = store.Get("configmaps", "team-a", "settings");
            Assert.NotNull(cm);
            Assert.Equal("v2", (string?)JsonNode.Parse(cm.Json)!["data"]!["k"]);
            Assert.Equal(revision - 1, cm.Revision);
            Assert.NotNull(store.Get("virtualmachines.kubevirt.io", "team-a", "vm-1"));
            Assert.NotNull(store.Get("namespaces", string.Empty, "team-a"));
        }
    }

    [Fact]
    public void Deletes_persist()
    {
        using (var persistence = new SqliteStorePersistence(dir.Path))
        {
            var store = new ObjectStore(persistence: persistence);
            store.Create("configmaps", Object("keep", "default"));
            store.Create("configmaps", Object("drop", "default"));
            store.Delete("configmaps", "default", "drop");
        }

        using (var persistence = new SqliteStorePersistence(dir.Path))
        {
            var store = new ObjectStore(persistence: persistence);
            Assert.Null(store.Get("configmaps", "default", "drop"));
            Assert.NotNull(store.Get("configmaps", "default", "keep"));
            Assert.Equal(3, store.Revision); // the delete took a revision of its own
        }
    }

    [Fact]
    public void Revisions_resume_after_the_restored_one()
    {
        using (var persistence = new SqliteStorePersistence(dir.Path))
        {
            var store = new ObjectStore(persistence: persistence);
            for (var i = 0; i < 5; i++)
            {
                store.Create("configmaps", Object($"cm-{i}", "default"));
            }

            store.Delete("configmaps", "default", "cm-4"); // the last revision is a delete: only the counter remembers it
        }

        using (var persistence = new SqliteStorePersistence(dir.Path))
        {
            var store = new ObjectStore(persistence: persistence);
            Assert.Equal(6, store.Revision);
            var next = store.Create("configmaps", Object("after", "default"));
            Assert.Equal(7, next.Revision);
            Assert.Equal("7", (string?)JsonNode.Parse(next.Json)!["metadata"]!["resourceVersion"]);
        }
    }

    [Fact]
    public async Task Watch_history_after_a_restart_starts_at_the_restored_revision()
    {
        using (var persistence = new SqliteStorePersistence(dir.Path))
        {
            var store = new ObjectStore(persistence: persistence);
            store.Create("configmaps", Object("a", "default"));
            store.Create("configmaps", Object("b", "default"));
        }

        using (var persistence = new SqliteStorePersistence(dir.Path))
        {
            var store = new ObjectStore(persistence: persistence);
            var gone = Assert.Throws<StoreException>(() => store.Watch("configmaps", null, 1));
            Assert.Equal(StoreError.Gone, gone.Error);

            using var watch = store.Watch("configmaps", null, 2);
            store.Create("configmaps", Object("c", "default"));
            var e = await watch.NextAsync(CancellationToken.None);
            Assert.NotNull(e);
            Assert.Equal(3, e.Revision);
            Assert.Equal("c", e.Item.Name);
        }
    }

    [Fact]
    public void A_second_store_cannot_open_a_data_directory_in_use()
    {
        using var first = new SqliteStorePersistence(dir.Path);
        _ = new ObjectStore(persistence: first);
        Assert.ThrowsAny<Exception>(() =>
        {
            using var second = new SqliteStorePersistence(dir.Path, new SqlitePersistenceOptions());
            second.Load();
        });
    }

    [Fact]
    public void A_damaged_file_does_not_load()
    {
        using (var persistence = new SqliteStorePersistence(dir.Path))
        {
            var store = new ObjectStore(persistence: persistence);
            for (var i = 0; i < 200; i++)
            {
                store.Create("configmaps", Object($"cm-{i}", "default", new JsonObject { ["pad"] = new string('x', 300) }));
            }

            persistence.Checkpoint();
        }

        // Scribble over the middle of the file (table pages), as a bad disk or a stray write would.
        var file = Path.Combine(dir.Path, "devcluster.db");
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write))
        {
            stream.Seek(stream.Length / 2, SeekOrigin.Begin);
            stream.Write(Enumerable.Repeat((byte)0xA5, 8192).ToArray());
        }

        Assert.ThrowsAny<Exception>(() =>
        {
            using var persistence = new SqliteStorePersistence(dir.Path);
            _ = new ObjectStore(persistence: persistence);
        });
    }

    [Fact]
    public void Power_loss_durability_opens_and_writes()
    {
        using (var persistence = new SqliteStorePersistence(dir.Path, new SqlitePersistenceOptions { Durability = SqliteDurability.PowerLoss }))
        {
            var store = new ObjectStore(persistence: persistence);
            store.Create("configmaps", Object("a", "default"));
            Assert.Equal("2", persistence.Pragma("synchronous")); // FULL
        }

        using (var persistence = new SqliteStorePersistence(dir.Path))
        {
            Assert.Equal("1", persistence.Pragma("synchronous")); // NORMAL
            Assert.Equal("wal", persistence.Pragma("journal_mode"));
            Assert.NotNull(new ObjectStore(persistence: persistence).Get("configmaps", "default", "a"));
        }
    }

    internal static JsonObject Object(string name, string? ns, JsonObject? data = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        var obj = new JsonObject { ["metadata"] = metadata };
        if (data is not null)
        {
            obj["data"] = data;
        }

        return obj;
    }
}
