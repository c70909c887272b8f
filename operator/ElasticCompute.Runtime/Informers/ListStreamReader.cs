using System.Text.Json;

namespace ElasticCompute.Runtime.Informers;

/// <summary>
/// Reads a list response item by item from the stream, holding one item's bytes at a time. A list page of 500
/// objects is megabytes of JSON: parsed whole (JsonDocument), it takes buffers from the shared array pool that stay
/// there after a relist, one set per informer relisting at once. Items the caller already holds (same
/// resourceVersion) are only scanned for their identity, never deserialized.
/// Hand-written on Utf8JsonReader because System.Text.Json has no streaming reader for arrays nested in an object.
/// </summary>
internal sealed class ListStreamReader<T>
    where T : class
{
    private const int InitialBuffer = 16 * 1024;

    private readonly Func<string?, string, string?, bool>? isHeld;
    private readonly List<T> items = [];
    private List<string>? held;
    private string? resourceVersion;
    private string? next;
    private Position position = Position.Start;

    private ListStreamReader(Func<string?, string, string?, bool>? isHeld)
    {
        this.isHeld = isHeld;
    }

    private enum Position
    {
        Start,
        Root,
        Items,
        Done,
    }

    public static async Task<ListPage<T>> ReadAsync(Stream stream, Func<string?, string, string?, bool>? isHeld, CancellationToken cancellationToken)
    {
        var reader = new ListStreamReader<T>(isHeld);
        var buffer = new byte[InitialBuffer];
        var (start, end, done) = (0, 0, false);
        var state = new JsonReaderState();
        while (true)
        {
            start += reader.Consume(buffer.AsSpan(start, end - start), done, ref state);
            if (reader.position == Position.Done)
            {
                break;
            }

            if (done)
            {
                throw new JsonException("the list ended before its closing brace");
            }

            // Keep the unread tail at the front; grow only when one item does not fit.
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            (end, start) = (end - start, 0);
            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            done = read == 0;
            end += read;
        }

        return new ListPage<T>(reader.items, reader.resourceVersion ?? string.Empty, string.IsNullOrEmpty(reader.next) ? null : reader.next, reader.held);
    }

    /// <summary>Reads whole units (a root property, one item); returns the bytes they took. A unit cut short is read again with more data.</summary>
    private int Consume(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state)
    {
        var json = new Utf8JsonReader(data, final, state);
        var consumed = 0L;
        var consumedState = state;
        while (position != Position.Done && Unit(ref json, data))
        {
            consumed = json.BytesConsumed;
            consumedState = json.CurrentState;
        }

        state = consumedState;
        return (int)consumed;
    }

    private bool Unit(ref Utf8JsonReader json, ReadOnlySpan<byte> data)
    {
        if (!json.Read())
        {
            return false;
        }

        switch (position)
        {
            case Position.Start:
                position = json.TokenType == JsonTokenType.StartObject ? Position.Root : throw new JsonException("a list is a JSON object");
                return true;

            case Position.Root:
                if (json.TokenType == JsonTokenType.EndObject)
                {
                    position = Position.Done;
                    return true;
                }

                var isItems = json.ValueTextEquals("items"u8);
                var isMetadata = json.ValueTextEquals("metadata"u8);
                if (!json.Read())
                {
                    return false;
                }

                if (isItems && json.TokenType == JsonTokenType.StartArray)
                {
                    position = Position.Items;
                    return true;
                }

                var valueStart = (int)json.TokenStartIndex;
                if (!json.TrySkip())
                {
                    return false;
                }

                if (isMetadata && json.TokenType == JsonTokenType.EndObject)
                {
                    (resourceVersion, next) = ListMetadata(data[valueStart..(int)json.BytesConsumed]);
                }

                return true;

            case Position.Items:
                if (json.TokenType == JsonTokenType.EndArray)
                {
                    position = Position.Root;
                    return true;
                }

                if (json.TokenType != JsonTokenType.StartObject)
                {
                    throw new JsonException($"a list item is an object, not {json.TokenType}");
                }

                var itemStart = (int)json.TokenStartIndex;
                if (!json.TrySkip())
                {
                    return false;
                }

                Item(data[itemStart..(int)json.BytesConsumed]);
                return true;

            default:
                return false;
        }
    }

    private void Item(ReadOnlySpan<byte> item)
    {
        if (isHeld is not null && Identity(item) is var (ns, name, version) && name is not null && isHeld(ns, name, version))
        {
            (held ??= []).Add(ObjectKey.Of(ns, name));
            return;
        }

        items.Add(ClientJson.Deserialize<T>(item));
    }

    private static (string? Namespace, string? Name, string? ResourceVersion) Identity(ReadOnlySpan<byte> item)
    {
        var json = new Utf8JsonReader(item);
        json.Read(); // the item's StartObject
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = json.ValueTextEquals("metadata"u8);
            json.Read();
            if (isMetadata && json.TokenType == JsonTokenType.StartObject)
            {
                var start = (int)json.TokenStartIndex;
                json.Skip();
                var meta = item[start..(int)json.BytesConsumed];
                return (Field(meta, "namespace"u8), Field(meta, "name"u8), Field(meta, "resourceVersion"u8));
            }

            json.Skip();
        }

        return default;
    }

    private static (string? ResourceVersion, string? Continue) ListMetadata(ReadOnlySpan<byte> meta) =>
        (Field(meta, "resourceVersion"u8), Field(meta, "continue"u8));

    /// <summary>A top-level string property of an object, or null.</summary>
    private static string? Field(ReadOnlySpan<byte> obj, ReadOnlySpan<byte> property)
    {
        var json = new Utf8JsonReader(obj);
        json.Read();
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var match = json.ValueTextEquals(property);
            json.Read();
            if (match)
            {
                return json.TokenType == JsonTokenType.String ? json.GetString() : null;
            }

            json.Skip();
        }

        return null;
    }
}
