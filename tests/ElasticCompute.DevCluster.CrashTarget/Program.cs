using System.Globalization;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Storage;

// Usage: CrashTarget <data-dir>. Writes configmaps forever (creates, with an update or a delete now and
// then) and prints one line per write once the store has acknowledged it:
//   ack <op> <key> <revision> <step> .
// (the final dot tells a whole line from one torn by the kill).
// The persistence test kills this process mid-stream and checks every acknowledged write survived.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: CrashTarget <data-dir>");
    return 2;
}

using var persistence = new SqliteStorePersistence(args[0]);
var store = new ObjectStore(persistence: persistence);
var padding = new string('x', 512);
for (var i = 1; ; i++)
{
    string op, key;
    StoredObject written;
    if (i % 5 == 0)
    {
        // Delete the object created four steps back.
        key = Name(i - 4);
        op = "D";
        written = store.Delete("configmaps", "default", key);
    }
    else if (i % 3 == 0 && store.Get("configmaps", "default", Name(i - 1)) is { } previous)
    {
        key = Name(i - 1);
        op = "U";
        var obj = JsonNode.Parse(previous.Json)!.AsObject();
        obj["data"] = Data(i);
        written = store.Update("configmaps", obj, previous.Revision);
    }
    else
    {
        key = Name(i);
        op = "C";
        written = store.Create("configmaps", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = key, ["namespace"] = "default" },
            ["data"] = Data(i),
        });
    }

    Console.Out.WriteLine($"ack {op} {key} {written.Revision.ToString(CultureInfo.InvariantCulture)} {i.ToString(CultureInfo.InvariantCulture)} .");
}

static string Name(int i) => "cm-" + i.ToString(CultureInfo.InvariantCulture);

JsonObject Data(int i) => new() { ["step"] = i.ToString(CultureInfo.InvariantCulture), ["padding"] = padding };
