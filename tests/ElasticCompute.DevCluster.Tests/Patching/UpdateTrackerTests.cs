using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Patching;

namespace ElasticCompute.DevCluster.Tests.Patching;

public sealed class UpdateTrackerTests
{
    private const string ApiVersion = "elasticcompute.io/v1alpha1";
    private static readonly DateTimeOffset Earlier = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly string[] ConditionTypes = ["Ready", "Disk", "Ready"];
    private static readonly DateTimeOffset Later = Earlier.AddMinutes(1);

    private static readonly ListTypeResolver Lists = BuiltinListTypes.WithMetadata(path => path switch
    {
        "status.conditions" => ListSchema.Map("type"),
        "spec.disks" => ListSchema.Map("name", "bus"),
        "spec.sshKeys" => ListSchema.Set,
        _ => null,
    });

    /// <summary>
    /// The one-walk comparison finds what the definition finds: every field of both objects as sets, the new ones
    /// and the shared ones whose value differs (list items aside) changed, the lost ones removed. Over many random
    /// edits of objects with nested maps, empty maps, atomic lists, sets, keyed lists and items that share a key.
    /// </summary>
    [Fact]
    public void Comparison_finds_what_the_field_sets_find()
    {
        var random = new Random(1234);
        var cases = 0;
        for (var i = 0; i < 3000; i++)
        {
            var before = RandomObject(random);
            var after = (JsonObject)before.DeepClone();
            for (var edits = random.Next(0, 4); edits > 0; edits--)
            {
                Edit(after, random);
            }

            var expectedChanged = new HashSet<FieldPath>();
            var expectedRemoved = new HashSet<FieldPath>();
            var beforeFields = ObjectFields.Collect(before, Lists);
            var afterFields = ObjectFields.Collect(after, Lists);
            foreach (var path in afterFields)
            {
                ObjectFields.TryGet(before, path, out var old);
                ObjectFields.TryGet(after, path, out var now);
                if (!beforeFields.Contains(path) || (path.Last[0] is not ('k' or 'v') && !JsonNode.DeepEquals(old, now)))
                {
                    expectedChanged.Add(path);
                }
            }

            expectedRemoved.UnionWith(beforeFields.Where(p => !afterFields.Contains(p)));

            var changed = new FieldSet();
            var removed = new FieldSet();
            ObjectFields.Compare(before, after, Lists, changed, removed);

            var context = $"case {i}\nbefore {before.ToJsonString()}\nafter  {after.ToJsonString()}";
            Assert.True(expectedChanged.SetEquals(changed), $"changed differs: expected [{string.Join(", ", expectedChanged)}] got [{string.Join(", ", changed)}]\n{context}");
            Assert.True(expectedRemoved.SetEquals(removed), $"removed differs: expected [{string.Join(", ", expectedRemoved)}] got [{string.Join(", ", removed)}]\n{context}");
            cases += expectedChanged.Count + expectedRemoved.Count > 0 ? 1 : 0;
        }

        Assert.True(cases > 2000, $"only {cases} cases changed anything");
    }

    [Fact]
    public void A_status_write_moves_only_the_status_fields_and_keeps_the_other_entries_as_they_were()
    {
        var created = UpdateTracker.Record(null, Json.Object("""{"metadata":{"name":"m","labels":{"a":"1"}},"spec":{"cpu":2,"sshKeys":["k1"]}}"""), "kubectl", ApiVersion, Lists, Earlier);
        var withStatus = UpdateTracker.Record(created, Edited(created, o => o["status"] = Json.Object("""{"phase":"Pending","conditions":[{"type":"Ready","status":"False"}]}""")), "operator", ApiVersion, Lists, Earlier);
        var kubectlEntry = Entry(withStatus, "kubectl");

        var updated = UpdateTracker.Record(withStatus, Edited(withStatus, o => o["status"]!["conditions"]![0]!["status"] = "True"), "operator", ApiVersion, Lists, Later);

        Json.Equal(kubectlEntry, Entry(updated, "kubectl"));
        var operatorEntry = Entry(updated, "operator");
        Assert.Equal("2025-01-02T03:05:05Z", (string?)operatorEntry["time"]);
        Json.Equal("""{"f:status":{"f:conditions":{"k:{\"type\":\"Ready\"}":{".":{},"f:status":{},"f:type":{}}},"f:phase":{}}}""", operatorEntry["fieldsV1"]);
    }

    [Fact]
    public void A_write_that_takes_a_field_moves_it_and_one_that_drops_a_field_clears_it_everywhere()
    {
        var created = UpdateTracker.Record(null, Json.Object("""{"metadata":{"name":"m"},"spec":{"cpu":2,"memory":"4Gi","sshKeys":["k1","k2"]}}"""), "kubectl", ApiVersion, Lists, Earlier);

        var updated = UpdateTracker.Record(created, Edited(created, o =>
        {
            o["spec"]!["cpu"] = 4;
            o["spec"]!.AsObject().Remove("memory");
            o["spec"]!["sshKeys"] = new JsonArray("k2");
        }), "portal", ApiVersion, Lists, Later);

        Json.Equal("""{"f:spec":{"f:sshKeys":{"v:\"k2\"":{}}}}""", Entry(updated, "kubectl")["fieldsV1"]);
        Json.Equal("""{"f:spec":{"f:cpu":{}}}""", Entry(updated, "portal")["fieldsV1"]);
    }

    [Fact]
    public void A_write_that_changes_nothing_leaves_the_managed_fields_as_they_were()
    {
        var created = UpdateTracker.Record(null, Json.Object("""{"metadata":{"name":"m"},"spec":{"cpu":2}}"""), "kubectl", ApiVersion, Lists, Earlier);
        var before = created["metadata"]!["managedFields"]!.DeepClone();

        var same = UpdateTracker.Record(created, (JsonObject)created.DeepClone(), "other", ApiVersion, Lists, Later);

        Json.Equal(before, same["metadata"]!["managedFields"]);
    }

    [Fact]
    public void Entries_a_writer_supplies_are_encoded_afresh()
    {
        var created = UpdateTracker.Record(null, Json.Object("""{"metadata":{"name":"m"},"spec":{"cpu":2,"disk":1}}"""), "kubectl", ApiVersion, Lists, Earlier);

        // Unsorted keys, as a hand-written managedFields might have them.
        var supplied = Edited(created, o => o["metadata"]!["managedFields"] = JsonNode.Parse(
            """[{"manager":"kubectl","operation":"Update","apiVersion":"elasticcompute.io/v1alpha1","time":"2025-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:disk":{},"f:cpu":{}}}}]"""));
        var recorded = UpdateTracker.Record(created, supplied, "kubectl", ApiVersion, Lists, Later);

        Assert.Equal("""{"f:spec":{"f:cpu":{},"f:disk":{}}}""", Entry(recorded, "kubectl")["fieldsV1"]!.ToJsonString());
    }

    private static JsonObject Entry(JsonObject obj, string manager) =>
        obj["metadata"]!["managedFields"]!.AsArray().OfType<JsonObject>().Single(e => (string?)e["manager"] == manager);

    private static JsonObject Edited(JsonObject obj, Action<JsonObject> edit)
    {
        var copy = (JsonObject)obj.DeepClone();
        edit(copy);
        return copy;
    }

    private static JsonObject RandomObject(Random random)
    {
        var obj = new JsonObject { ["apiVersion"] = ApiVersion, ["kind"] = "Machine" };
        var metadata = new JsonObject { ["name"] = "m", ["resourceVersion"] = random.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (random.Next(2) == 0)
        {
            metadata["labels"] = RandomMap(random, 0);
        }

        if (random.Next(2) == 0)
        {
            metadata["finalizers"] = RandomSet(random);
        }

        obj["metadata"] = metadata;
        obj["spec"] = RandomSpec(random);
        if (random.Next(3) > 0)
        {
            obj["status"] = new JsonObject { ["phase"] = Pick(random, "Pending", "Running"), ["conditions"] = RandomConditions(random) };
        }

        return obj;
    }

    private static JsonObject RandomSpec(Random random)
    {
        var spec = new JsonObject { ["cpu"] = random.Next(1, 4) };
        if (random.Next(2) == 0)
        {
            spec["sshKeys"] = RandomSet(random);
        }

        if (random.Next(2) == 0)
        {
            spec["ports"] = new JsonArray([.. Enumerable.Range(0, random.Next(3)).Select(_ => (JsonNode)random.Next(3))]);
        }

        if (random.Next(2) == 0)
        {
            spec["disks"] = new JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ => (JsonNode)new JsonObject
            {
                ["name"] = Pick(random, "root", "data"),
                ["bus"] = Pick(random, "virtio", "sata"),
                ["size"] = random.Next(3),
            })]);
        }

        spec["extra"] = RandomMap(random, 2);
        return spec;
    }

    private static JsonArray RandomConditions(Random random) =>
        new([.. ConditionTypes.Take(random.Next(4)).Select(type => (JsonNode)new JsonObject
        {
            ["type"] = type,
            ["status"] = Pick(random, "True", "False"),
            ["message"] = random.Next(2) == 0 ? "x" : null,
        })]);

    private static JsonArray RandomSet(Random random) =>
        new([.. Enumerable.Range(0, random.Next(4)).Select(_ => (JsonNode)Pick(random, "a", "b", "c"))]);

    private static JsonNode? RandomMap(Random random, int depth)
    {
        var map = new JsonObject();
        for (var i = random.Next(0, 3); i > 0; i--)
        {
            map[Pick(random, "p", "q", "r")] = depth > 0 && random.Next(3) == 0 ? RandomMap(random, depth - 1) : RandomLeaf(random);
        }

        return map;
    }

    private static JsonNode? RandomLeaf(Random random) => random.Next(5) switch
    {
        0 => null,
        1 => new JsonObject(),
        2 => new JsonArray(random.Next(2), "s"),
        3 => random.Next(3),
        _ => Pick(random, "x", "y"),
    };

    private static void Edit(JsonObject obj, Random random)
    {
        var spec = obj["spec"]!.AsObject();
        switch (random.Next(10))
        {
            case 0:
                spec["cpu"] = random.Next(1, 4);
                break;
            case 1:
                spec["sshKeys"] = RandomSet(random);
                break;
            case 2:
                spec["extra"] = RandomMap(random, 2);
                break;
            case 3:
                spec["ports"] = random.Next(2) == 0 ? new JsonArray(random.Next(3)) : RandomLeaf(random);
                break;
            case 4:
                spec.Remove(Pick(random, "sshKeys", "disks", "ports", "extra"));
                break;
            case 5:
                obj["status"] = new JsonObject { ["phase"] = Pick(random, "Pending", "Running"), ["conditions"] = RandomConditions(random) };
                break;
            case 6 when obj["status"] is JsonObject status && status["conditions"] is JsonArray { Count: > 0 } conditions:
                conditions[random.Next(conditions.Count)]!["status"] = Pick(random, "True", "False", "Unknown");
                break;
            case 7:
                obj["metadata"]!["labels"] = RandomMap(random, 0);
                obj["metadata"]!["resourceVersion"] = "999";
                break;
            case 8 when spec["disks"] is JsonArray { Count: > 0 } disks:
                disks[random.Next(disks.Count)]!["size"] = random.Next(3);
                break;
            default:
                obj["spec"] = RandomSpec(random);
                break;
        }
    }

    private static string Pick(Random random, params string[] values) => values[random.Next(values.Length)];
}
