using System.Collections;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Api.Schema;
using k8s.Models;
using MaxLengthAttribute = ElasticCompute.Api.Schema.MaxLengthAttribute;

namespace ElasticCompute.CrdGen;

/// <summary>
/// Builds a structural OpenAPI v3 schema from an API type by reflection: JSON names from
/// [JsonPropertyName], descriptions from [Description] (required on every field, so
/// <c>kubectl explain</c> always has something to say), limits from the DataAnnotations attributes,
/// CEL rules, list types and DNS name patterns from ElasticCompute.Api.Schema.
/// </summary>
internal static class SchemaBuilder
{
    public static V1JSONSchemaProps ForRoot(Type type)
    {
        var schema = ForObject(type, Require(type.GetCustomAttribute<DescriptionAttribute>(), type.Name).Description);
        return schema;
    }

    private static V1JSONSchemaProps ForObject(Type type, string description)
    {
        var properties = new SortedDictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal);
        var required = new List<string>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null
                || property.GetCustomAttribute<JsonPropertyNameAttribute>() is not { } json)
            {
                continue;
            }

            properties[json.Name] = ForProperty(type, property);
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(json.Name);
            }
        }

        return new V1JSONSchemaProps
        {
            Type = "object",
            Description = description,
            Properties = new Dictionary<string, V1JSONSchemaProps>(properties),
            Required = required.Count > 0 ? required.Order(StringComparer.Ordinal).ToList() : null,
            XKubernetesValidations = Rules(type.GetCustomAttributes<CelRuleAttribute>()),
        };
    }

    private static V1JSONSchemaProps ForProperty(Type owner, PropertyInfo property)
    {
        var description = Require(property.GetCustomAttribute<DescriptionAttribute>(), $"{owner.Name}.{property.Name}").Description;
        var schema = ForType(property.PropertyType, description, property);
        schema.Description = description;

        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            // On a list of numbers the range bounds each item.
            var bounded = schema.Type == "array" && schema.Items is V1JSONSchemaProps items ? items : schema;
            bounded.Minimum = Convert.ToDouble(range.Minimum, System.Globalization.CultureInfo.InvariantCulture);
            bounded.Maximum = Convert.ToDouble(range.Maximum, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (property.GetCustomAttribute<DefaultValueAttribute>() is { Value: { } value })
        {
            schema.DefaultProperty = value is Enum ? value.ToString() : value;
        }

        var isArray = schema.Type == "array";
        if (property.GetCustomAttribute<MaxLengthAttribute>() is { } max)
        {
            if (isArray)
            {
                schema.MaxItems = max.Length;
            }
            else
            {
                schema.MaxLength = max.Length;
            }
        }

        if (property.GetCustomAttribute<MinLengthAttribute>() is { } min)
        {
            if (isArray)
            {
                schema.MinItems = min.Length;
            }
            else
            {
                schema.MinLength = min.Length;
            }
        }

        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } regex)
        {
            schema.Pattern = regex.Pattern;
        }

        if (property.GetCustomAttribute<DnsNameAttribute>() is { } dns)
        {
            schema.Pattern = DnsNames.PatternFor(dns.Kind);
            schema.MaxLength = DnsNames.MaxLengthFor(dns.Kind);
        }

        if (property.GetCustomAttribute<ListTypeAttribute>() is { } listType)
        {
            schema.XKubernetesListType = listType.ListType;
            schema.XKubernetesListMapKeys = listType.MapKeys.Length > 0 ? listType.MapKeys.ToList() : null;
        }

        var rules = Rules(property.GetCustomAttributes<CelRuleAttribute>());
        if (rules is not null)
        {
            schema.XKubernetesValidations = [.. schema.XKubernetesValidations ?? [], .. rules];
        }

        return schema;
    }

    private static V1JSONSchemaProps ForType(Type type, string description, PropertyInfo? property)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new V1JSONSchemaProps { Type = "string" };
        }

        if (type == typeof(bool))
        {
            return new V1JSONSchemaProps { Type = "boolean" };
        }

        if (type == typeof(int))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int32" };
        }

        if (type == typeof(long))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int64" };
        }

        if (type == typeof(Quantity))
        {
            return new V1JSONSchemaProps
            {
                AnyOf = [new V1JSONSchemaProps { Type = "integer" }, new V1JSONSchemaProps { Type = "string" }],
                Pattern = Quantity.Pattern,
                XKubernetesIntOrString = true,
            };
        }

        if (type.IsEnum)
        {
            return new V1JSONSchemaProps { Type = "string", EnumProperty = Enum.GetNames(type).Cast<object>().ToList() };
        }

        if (type == typeof(V1ObjectMeta))
        {
            return new V1JSONSchemaProps { Type = "object" };
        }

        if (type == typeof(V1Condition))
        {
            return ConditionSchema();
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return new V1JSONSchemaProps { Type = "object", AdditionalProperties = ForType(valueType, description, null) };
        }

        if (ListItemType(type) is { } itemType)
        {
            var items = ForType(itemType, description, null);
            items.Description = null;
            return new V1JSONSchemaProps { Type = "array", Items = items };
        }

        if (type.IsClass && type.Namespace?.StartsWith("ElasticCompute.", StringComparison.Ordinal) == true)
        {
            return ForObject(type, description);
        }

        throw new NotSupportedException($"{property?.DeclaringType?.Name}.{property?.Name}: no schema mapping for {type}");
    }

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string)
        && typeof(IDictionary<,>).MakeGenericType(key, value).IsAssignableFrom(type)
            ? value
            : null;

    private static Type? ListItemType(Type type) =>
        type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType
            ? type.GetGenericArguments()[0]
            : null;

    private static List<V1ValidationRule>? Rules(IEnumerable<CelRuleAttribute> attributes)
    {
        var rules = attributes
            .Select(a => new V1ValidationRule { Rule = a.Rule, Message = a.Message, FieldPath = a.FieldPath, Reason = a.Reason })
            .ToList();
        return rules.Count > 0 ? rules : null;
    }

    /// <summary>metav1.Condition, as Kubernetes' own CRDs spell it.</summary>
    private static V1JSONSchemaProps ConditionSchema() => new()
    {
        Type = "object",
        Required = ["lastTransitionTime", "message", "reason", "status", "type"],
        Properties = new Dictionary<string, V1JSONSchemaProps>
        {
            ["lastTransitionTime"] = new()
            {
                Type = "string",
                Format = "date-time",
                Description = "lastTransitionTime is the last time the condition transitioned from one status to another.",
            },
            ["message"] = new()
            {
                Type = "string",
                MaxLength = 32768,
                Description = "message is a human readable message indicating details about the transition.",
            },
            ["observedGeneration"] = new()
            {
                Type = "integer",
                Format = "int64",
                Minimum = 0,
                Description = "observedGeneration represents the .metadata.generation that the condition was set based upon.",
            },
            ["reason"] = new()
            {
                Type = "string",
                MaxLength = 1024,
                MinLength = 1,
                Pattern = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$",
                Description = "reason contains a programmatic identifier indicating the reason for the condition's last transition, in CamelCase.",
            },
            ["status"] = new()
            {
                Type = "string",
                EnumProperty = ["True", "False", "Unknown"],
                Description = "status of the condition, one of True, False, Unknown.",
            },
            ["type"] = new()
            {
                Type = "string",
                MaxLength = 316,
                Pattern = @"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
                Description = "type of condition in CamelCase, for example Ready.",
            },
        },
    };

    private static T Require<T>(T? attribute, string what)
        where T : Attribute =>
        attribute ?? throw new InvalidOperationException($"{what} has no [{typeof(T).Name}]; every field needs one for kubectl explain");
}
