using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ElasticCompute.DevCluster.Server.Errors;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>
/// OpenAPI value validation with apiextensions-apiserver's messages (kube-openapi's errors turned into field
/// errors), plus the x-kubernetes-list-type set/map invariants. Errors of the kinds the API server treats as
/// blocking (type, required, enum, maxLength, maxItems, maxProperties) are flagged so CEL can be skipped.
/// </summary>
internal static partial class SchemaValidator
{
    /// <summary>The path junctor (anyOf, allOf, oneOf, not) errors carry: the API server validates from a nil path.</summary>
    private const string NilPath = "<nil>";

    public static void ValidateRoot(JsonObject root, SchemaNode schema, FieldPathBuilder path, ValidationResult result) =>
        ValidateObject(root, schema, path, result, isRoot: true);

    private static void Validate(JsonNode? value, SchemaNode s, FieldPathBuilder path, ValidationResult result)
    {
        if (value is null)
        {
            if (!s.Nullable && (s.IntOrString || s.Type is not null))
            {
                TypeError(path, s, "null", result);
            }

            return;
        }

        var kind = KindOf(value);
        if ((s.IntOrString || s.Type is not null) && !TypeMatches(s, kind, value))
        {
            TypeError(path, s, kind, result);
        }

        if (s.AllOf.Count + s.AnyOf.Count + s.OneOf.Count > 0 || s.Not is not null)
        {
            ValidateJunctors(value, s, path, result);
        }

        switch (kind)
        {
            case "string":
                ValidateString(value.GetValue<string>(), value, s, path, result);
                break;
            case "integer" or "number":
                ValidateNumber((JsonValue)value, s, path, result);
                break;
            case "array":
                ValidateArray((JsonArray)value, s, path, result);
                break;
            case "object":
                ValidateObject((JsonObject)value, s, path, result, isRoot: false);
                break;
        }

        if (s.Enum.Count > 0)
        {
            ValidateEnum(value, s, path, result);
        }
    }

    private static void TypeError(FieldPathBuilder path, SchemaNode s, string kind, ValidationResult result)
    {
        var expected = s.IntOrString ? "integer,string" : s.Type;
        var field = path.ToString();
        result.AddBlocking(FieldError.Invalid(field, GoFormat.String(kind), $"{field} in body must be of type {expected}: {GoFormat.Quote(kind)}"));
    }

    private static string KindOf(JsonNode value) => value switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => JsonNumbers.TryGetInt64(v, out _) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    private static bool TypeMatches(SchemaNode s, string kind, JsonNode value)
    {
        // A float with an integral value (2.0) passes as an integer, and an integer passes as a number.
        var floatInt = kind == "number" && JsonNumbers.GetDouble((JsonValue)value) is var d && d == Math.Floor(d) && !double.IsInfinity(d);
        if (s.IntOrString)
        {
            return kind is "integer" or "string" || floatInt;
        }

        return s.Type switch
        {
            "integer" => kind == "integer" || floatInt,
            "number" => kind is "number" or "integer",
            var t => t == kind,
        };
    }

    private static void ValidateEnum(JsonNode value, SchemaNode s, FieldPathBuilder path, ValidationResult result)
    {
        foreach (var allowed in s.Enum)
        {
            if (JsonEquality.Equal(allowed, value))
            {
                return;
            }
        }

        var supported = s.Enum.Select(e => e is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : e?.ToJsonString() ?? "null");
        result.AddBlocking(FieldError.NotSupported(path.ToString(), value, supported));
    }

    private static void ValidateString(string text, JsonNode value, SchemaNode s, FieldPathBuilder path, ValidationResult result)
    {
        if (s.MaxLength is not null || s.MinLength is not null)
        {
            // kube-openapi counts runes, not bytes, despite the message.
            var length = Ascii.IsValid(text) ? text.Length : text.EnumerateRunes().Count();
            if (s.MaxLength is { } max && length > max)
            {
                result.AddBlocking(new FieldError(path.ToString(), FieldErrorType.TooLong, $"may not be more than {max} {(max == 1 ? "byte" : "bytes")}"));
            }

            if (s.MinLength is { } min && length < min)
            {
                var field = path.ToString();
                result.Add(FieldError.Invalid(field, value, $"{field} in body should be at least {min} chars long"));
            }
        }

        if (s.Pattern is not null)
        {
            if (s.PatternRegex is null)
            {
                var field = path.ToString();
                result.Add(FieldError.Invalid(field, value, $"{field} in body should match '{s.Pattern}, but pattern is invalid: {s.PatternError}'"));
            }
            else if (!s.PatternRegex.IsMatch(text))
            {
                var field = path.ToString();
                result.Add(FieldError.Invalid(field, value, $"{field} in body should match '{s.Pattern}'"));
            }
        }

        if (s.Format is { } format && !FormatMatches(format, text))
        {
            var field = path.ToString();
            result.Add(FieldError.Invalid(field, value, $"{field} in body must be of type {format}: {GoFormat.Quote(text)}"));
        }
    }

    private static bool FormatMatches(string format, string text) => format switch
    {
        "date-time" => DateTimePattern().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
        "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "uuid" => Guid.TryParseExact(text, "D", out _),
        _ => true,
    };

    private static void ValidateNumber(JsonValue value, SchemaNode s, FieldPathBuilder path, ValidationResult result)
    {
        if (s.MultipleOf is null && s.Maximum is null && s.Minimum is null)
        {
            return;
        }

        var number = JsonNumbers.GetDouble(value);
        if (s.MultipleOf is { } factor && factor != 0 && Math.Abs(Math.IEEERemainder(number, factor)) > 1e-9 * Math.Max(1, Math.Abs(number)))
        {
            Add(result, path, value, $"should be a multiple of {GoFormat.Number(factor)}");
        }

        if (s.Maximum is { } max && (s.ExclusiveMaximum ? number >= max : number > max))
        {
            Add(result, path, value, s.ExclusiveMaximum ? $"should be less than {GoFormat.Number(max)}" : $"should be less than or equal to {GoFormat.Number(max)}");
        }

        if (s.Minimum is { } min && (s.ExclusiveMinimum ? number <= min : number < min))
        {
            Add(result, path, value, s.ExclusiveMinimum ? $"should be greater than {GoFormat.Number(min)}" : $"should be greater than or equal to {GoFormat.Number(min)}");
        }
    }

    private static void Add(ValidationResult result, FieldPathBuilder path, JsonNode? value, string rest)
    {
        var field = path.ToString();
        result.Add(FieldError.Invalid(field, value, $"{field} in body {rest}"));
    }

    private static void ValidateArray(JsonArray array, SchemaNode s, FieldPathBuilder path, ValidationResult result)
    {
        if (s.MinItems is { } min && array.Count < min)
        {
            Add(result, path, JsonValue.Create(array.Count), $"should have at least {min} items");
        }

        if (s.MaxItems is { } max && array.Count > max)
        {
            result.AddBlocking(new FieldError(path.ToString(), FieldErrorType.TooMany, $"must have at most {max} {(max == 1 ? "item" : "items")}", JsonValue.Create(array.Count), true));
        }

        if (s.UniqueItems && HasDuplicates(array))
        {
            Add(result, path, GoFormat.String(string.Empty), "shouldn't contain duplicates");
        }

        if (s.Items is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var mark = path.PushIndex(i);
                Validate(array[i], items, path, result);
                path.Restore(mark);
            }
        }

        switch (s.ListType)
        {
            case "set":
                ValidateSet(array, path, result);
                break;
            case "map" when s.ListMapKeys.Count > 0:
                ValidateMapList(array, s.ListMapKeys, path, result);
                break;
        }
    }

    private static bool HasDuplicates(JsonArray array)
    {
        for (var i = 1; i < array.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (JsonEquality.Equal(array[i], array[j]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void ValidateSet(JsonArray array, FieldPathBuilder path, ValidationResult result)
    {
        for (var i = 1; i < array.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (JsonEquality.Equal(array[i], array[j]))
                {
                    var mark = path.PushIndex(i);
                    result.Add(FieldError.Duplicate(path.ToString(), array[i]));
                    path.Restore(mark);
                    break;
                }
            }
        }
    }

    private static void ValidateMapList(JsonArray array, IReadOnlyList<string> keys, FieldPathBuilder path, ValidationResult result)
    {
        for (var i = 1; i < array.Count; i++)
        {
            if (array[i] is not JsonObject item)
            {
                continue;
            }

            for (var j = 0; j < i; j++)
            {
                if (array[j] is JsonObject earlier && SameKeys(item, earlier, keys))
                {
                    var key = new JsonObject();
                    foreach (var name in keys)
                    {
                        if (item[name] is { } k)
                        {
                            key[name] = k.DeepClone();
                        }
                    }

                    var mark = path.PushIndex(i);
                    result.Add(FieldError.Duplicate(path.ToString(), key));
                    path.Restore(mark);
                    break;
                }
            }
        }
    }

    internal static bool SameKeys(JsonObject a, JsonObject b, IReadOnlyList<string> keys)
    {
        foreach (var name in keys)
        {
            if (!JsonEquality.Equal(a[name], b[name]))
            {
                return false;
            }
        }

        return true;
    }

    private static void ValidateObject(JsonObject obj, SchemaNode s, FieldPathBuilder path, ValidationResult result, bool isRoot)
    {
        if (s.MaxProperties is { } maxProperties && obj.Count > maxProperties)
        {
            result.AddBlocking(new FieldError(path.ToString(), FieldErrorType.TooMany, $"must have at most {maxProperties} {(maxProperties == 1 ? "item" : "items")}", JsonValue.Create(obj.Count), true));
        }

        if (s.MinProperties is { } minProperties && obj.Count < minProperties)
        {
            Add(result, path, JsonValue.Create(obj.Count), $"should have at least {minProperties} properties");
        }

        foreach (var name in s.Required)
        {
            if (!obj.ContainsKey(name))
            {
                result.AddBlocking(FieldError.Required(path.Child(name)));
            }
        }

        foreach (var (key, value) in obj)
        {
            if (isRoot && key == "metadata")
            {
                continue;
            }

            if (s.PropertyOrAdditional(key) is { } child)
            {
                var mark = path.PushField(key);
                Validate(value, child, path, result);
                path.Restore(mark);
            }
        }
    }

    private static void ValidateJunctors(JsonNode value, SchemaNode s, FieldPathBuilder path, ValidationResult result)
    {
        if (s.AllOf.Count > 0)
        {
            var valid = 0;
            var branchErrors = new ValidationResult();
            foreach (var branch in s.AllOf)
            {
                var before = branchErrors.Errors.Count;
                Validate(value, branch, path, branchErrors);
                valid += branchErrors.Errors.Count == before ? 1 : 0;
            }

            if (valid != s.AllOf.Count)
            {
                result.Add(Junctor(path, $"must validate all the schemas (allOf){(valid == 0 ? ". None validated" : string.Empty)}"));
            }

            result.Merge(branchErrors);
        }

        if (s.AnyOf.Count > 0)
        {
            // As kube-openapi: the first valid branch wins; otherwise report the branch with the fewest errors.
            ValidationResult? best = null;
            var anyValid = false;
            foreach (var branch in s.AnyOf)
            {
                var attempt = new ValidationResult();
                Validate(value, branch, path, attempt);
                if (attempt.Errors.Count == 0)
                {
                    anyValid = true;
                    break;
                }

                if (best is null || attempt.Errors.Count < best.Errors.Count)
                {
                    best = attempt;
                }
            }

            if (!anyValid)
            {
                result.Add(Junctor(path, "must validate at least one schema (anyOf)"));
                result.Merge(best!);
            }
        }

        if (s.OneOf.Count > 0)
        {
            var valid = 0;
            ValidationResult? best = null;
            foreach (var branch in s.OneOf)
            {
                var attempt = new ValidationResult();
                Validate(value, branch, path, attempt);
                if (attempt.Errors.Count == 0)
                {
                    valid++;
                }
                else if (best is null || attempt.Errors.Count < best.Errors.Count)
                {
                    best = attempt;
                }
            }

            if (valid == 0)
            {
                result.Add(Junctor(path, "must validate one and only one schema (oneOf). Found none valid"));
                result.Merge(best!);
            }
            else if (valid > 1)
            {
                result.Add(Junctor(path, $"must validate one and only one schema (oneOf). Found {valid} valid alternatives"));
            }
        }

        if (s.Not is { } not)
        {
            var attempt = new ValidationResult();
            Validate(value, not, path, attempt);
            if (attempt.Errors.Count == 0)
            {
                result.Add(Junctor(path, "must not validate the schema (not)"));
            }
        }
    }

    private static FieldError Junctor(FieldPathBuilder path, string rest) =>
        FieldError.Invalid(NilPath, GoFormat.String(string.Empty), $"{GoFormat.Quote(path.ToString())} {rest}");

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();
}
