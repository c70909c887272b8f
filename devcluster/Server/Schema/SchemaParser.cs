using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cel;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>Builds the immutable <see cref="SchemaNode"/> tree from openAPIV3Schema JSON, compiling patterns and CEL rules once.</summary>
internal sealed partial class SchemaParser(CelEnvironment cel)
{
    // Patterns repeat a lot (KubeVirt's quantity pattern appears dozens of times): compile each once per process.
    private static readonly ConcurrentDictionary<string, (Regex? Regex, string? Error)> Patterns = new(StringComparer.Ordinal);

    public SchemaNode Parse(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            return SchemaNode.Empty;
        }

        var properties = new List<KeyValuePair<string, SchemaNode>>();
        if (obj["properties"] is JsonObject props)
        {
            foreach (var (name, child) in props)
            {
                properties.Add(new(name, Parse(child)));
            }
        }

        var items = obj["items"] is JsonObject itemsNode ? Parse(itemsNode) : null;
        var additional = obj["additionalProperties"] switch
        {
            JsonObject schema => Parse(schema),
            JsonValue v when v.GetValueKind() == JsonValueKind.True => SchemaNode.Empty,
            _ => null,
        };
        var allOf = ParseList(obj["allOf"]);
        var anyOf = ParseList(obj["anyOf"]);
        var oneOf = ParseList(obj["oneOf"]);
        var not = obj["not"] is JsonObject notNode ? Parse(notNode) : null;
        var rules = ParseRules(obj["x-kubernetes-validations"]);
        var pattern = String(obj, "pattern");
        var (regex, patternError) = pattern is null ? (null, null) : Patterns.GetOrAdd(pattern, CompilePattern);
        var children = properties.Select(p => p.Value).Append(items).Append(additional).OfType<SchemaNode>().ToList();

        return new SchemaNode
        {
            Type = String(obj, "type"),
            Nullable = Bool(obj, "nullable"),
            IntOrString = Bool(obj, "x-kubernetes-int-or-string"),
            PreserveUnknownFields = Bool(obj, "x-kubernetes-preserve-unknown-fields"),
            EmbeddedResource = Bool(obj, "x-kubernetes-embedded-resource"),
            Properties = properties.ToFrozenDictionary(StringComparer.Ordinal),
            OrderedProperties = properties,
            Required = Strings(obj["required"]),
            Items = items,
            AdditionalProperties = additional,
            Default = obj["default"]?.DeepClone(),
            Enum = obj["enum"] is JsonArray values ? values.Select(v => v?.DeepClone()).ToList() : [],
            Maximum = Number(obj, "maximum"),
            ExclusiveMaximum = Bool(obj, "exclusiveMaximum"),
            Minimum = Number(obj, "minimum"),
            ExclusiveMinimum = Bool(obj, "exclusiveMinimum"),
            MultipleOf = Number(obj, "multipleOf"),
            MaxLength = Integer(obj, "maxLength"),
            MinLength = Integer(obj, "minLength"),
            Pattern = pattern,
            PatternRegex = regex,
            PatternError = patternError,
            Format = String(obj, "format"),
            MaxItems = Integer(obj, "maxItems"),
            MinItems = Integer(obj, "minItems"),
            UniqueItems = Bool(obj, "uniqueItems"),
            MaxProperties = Integer(obj, "maxProperties"),
            MinProperties = Integer(obj, "minProperties"),
            ListType = String(obj, "x-kubernetes-list-type"),
            ListMapKeys = Strings(obj["x-kubernetes-list-map-keys"]),
            AllOf = allOf,
            AnyOf = anyOf,
            OneOf = oneOf,
            Not = not,
            Rules = rules,
            HasRulesBelow = rules.Count > 0 || children.Any(c => c.HasRulesBelow),
            HasDefaultsBelow = obj["default"] is not null || children.Any(c => c.HasDefaultsBelow),
        };
    }

    private List<SchemaNode> ParseList(JsonNode? node) =>
        node is JsonArray array ? array.Select(Parse).ToList() : [];

    private List<CompiledRule> ParseRules(JsonNode? node)
    {
        if (node is not JsonArray array)
        {
            return [];
        }

        var rules = new List<CompiledRule>(array.Count);
        foreach (var item in array.OfType<JsonObject>())
        {
            var rule = String(item, "rule") ?? string.Empty;
            var messageExpression = String(item, "messageExpression");
            CelProgramDelegate? program = null;
            CelProgramDelegate? messageProgram = null;
            string? error = null;
            try
            {
                program = cel.Compile(rule);
                if (!string.IsNullOrWhiteSpace(messageExpression))
                {
                    messageProgram = cel.Compile(messageExpression);
                }
            }
            catch (Exception e)
            {
                error = e.Message;
            }

            rules.Add(new CompiledRule(
                rule,
                String(item, "message"),
                messageExpression,
                String(item, "fieldPath"),
                String(item, "reason"),
                OldSelf().IsMatch(rule),
                program,
                messageProgram,
                error));
        }

        return rules;
    }

    private static (Regex?, string?) CompilePattern(string pattern)
    {
        try
        {
            return (new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1)), null);
        }
        catch (ArgumentException e)
        {
            return (null, "error parsing regexp: " + e.Message);
        }
    }

    private static string? String(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool Bool(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static double? Number(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? JsonNumbers.GetDouble(v) : null;

    private static long? Integer(JsonObject obj, string name) =>
        Number(obj, name) is { } d ? (long)d : null;

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array
            ? array.Select(v => v is JsonValue s && s.TryGetValue<string>(out var text) ? text : Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty).ToList()
            : [];

    [GeneratedRegex(@"\boldSelf\b", RegexOptions.CultureInvariant)]
    private static partial Regex OldSelf();
}
