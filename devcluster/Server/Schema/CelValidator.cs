using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>
/// Evaluates x-kubernetes-validations rules at their schema nodes, as apiextensions-apiserver does: <c>self</c>
/// is the value there; transition rules (those naming <c>oldSelf</c>) run only on updates where the old object
/// has a correlated value (same property, same map key, or same list-map keys). Subtrees without rules are skipped,
/// and so are subtrees an update left as they were: validation ratcheting (CRDValidationRatcheting, on by default
/// since Kubernetes 1.30) ignores errors on unchanged values, so evaluating them could change nothing. A status
/// write then costs no CEL at all for the spec's rules.
/// </summary>
internal static class CelValidator
{
    public static void ValidateRoot(JsonObject root, JsonObject? oldRoot, SchemaNode schema, FieldPathBuilder path, List<FieldError> errors)
    {
        if (!schema.HasRulesBelow)
        {
            return;
        }

        if (schema.Rules.Count > 0)
        {
            Evaluate(schema, path, errors, () => CelValues.FromRoot(root, schema), oldRoot is null ? null : () => CelValues.FromRoot(oldRoot, schema));
        }

        Descend(root, oldRoot, schema, path, errors, isRoot: true);
    }

    private static void Validate(JsonNode? value, JsonNode? old, SchemaNode schema, FieldPathBuilder path, List<FieldError> errors)
    {
        if (value is null || !schema.HasRulesBelow || (old is not null && JsonEquality.Equal(value, old)))
        {
            return;
        }

        if (schema.Rules.Count > 0)
        {
            Evaluate(schema, path, errors, () => CelValues.From(value, schema), old is null ? null : () => CelValues.From(old, schema));
        }

        Descend(value, old, schema, path, errors, isRoot: false);
    }

    private static void Descend(JsonNode value, JsonNode? old, SchemaNode schema, FieldPathBuilder path, List<FieldError> errors, bool isRoot)
    {
        switch (value)
        {
            case JsonObject obj:
                var oldObj = old as JsonObject;
                foreach (var (key, child) in obj)
                {
                    if ((isRoot && key == "metadata") || schema.PropertyOrAdditional(key) is not { HasRulesBelow: true } childSchema)
                    {
                        continue;
                    }

                    var mark = path.PushField(key);
                    Validate(child, oldObj?[key], childSchema, path, errors);
                    path.Restore(mark);
                }

                break;
            case JsonArray array when schema.Items is { HasRulesBelow: true } items:
                var oldArray = schema.ListType == "map" && schema.ListMapKeys.Count > 0 ? old as JsonArray : null;
                for (var i = 0; i < array.Count; i++)
                {
                    var mark = path.PushIndex(i);
                    Validate(array[i], Correlate(array[i], oldArray, schema.ListMapKeys), items, path, errors);
                    path.Restore(mark);
                }

                break;
        }
    }

    /// <summary>The old item of a list-type=map list with the same keys; other lists do not correlate.</summary>
    private static JsonObject? Correlate(JsonNode? item, JsonArray? oldArray, IReadOnlyList<string> keys)
    {
        if (oldArray is null || item is not JsonObject obj)
        {
            return null;
        }

        foreach (var candidate in oldArray)
        {
            if (candidate is JsonObject oldItem && SchemaValidator.SameKeys(obj, oldItem, keys))
            {
                return oldItem;
            }
        }

        return null;
    }

    private static void Evaluate(SchemaNode schema, FieldPathBuilder path, List<FieldError> errors, Func<object?> self, Func<object?>? oldSelf)
    {
        object? selfValue = null;
        object? oldValue = null;
        var converted = false;
        foreach (var rule in schema.Rules)
        {
            if (rule.IsTransition && oldSelf is null)
            {
                continue;
            }

            if (rule.Program is null)
            {
                errors.Add(FieldError.Invalid(path.ToString(), GoFormat.String(schema.TypeName), $"rule compile error: {rule.CompileError}"));
                continue;
            }

            if (!converted)
            {
                selfValue = self();
                oldValue = oldSelf?.Invoke();
                converted = true;
            }

            var variables = new Dictionary<string, object?>(2, StringComparer.Ordinal) { ["self"] = selfValue };
            if (rule.IsTransition)
            {
                variables["oldSelf"] = oldValue;
            }

            object? outcome;
            try
            {
                outcome = rule.Program(variables);
            }
            catch (Exception e)
            {
                errors.Add(FieldError.Invalid(path.ToString(), GoFormat.String(schema.TypeName), EvaluationError(e, rule)));
                continue;
            }

            if (outcome is true)
            {
                continue;
            }

            if (outcome is not false)
            {
                errors.Add(FieldError.Invalid(path.ToString(), GoFormat.String(schema.TypeName), $"rule did not evaluate to a bool: {rule.ErrorString}"));
                continue;
            }

            errors.Add(Failure(ResolvePath(path, rule.FieldPath), schema, rule, Message(rule, variables)));
        }
    }

    private static string EvaluationError(Exception e, CompiledRule rule) =>
        e.GetType().Name.Contains("NoSuchOverload", StringComparison.Ordinal) || e.Message.StartsWith("no such overload", StringComparison.Ordinal)
            ? $"'{e.Message}': call arguments did not match a supported operator, function or macro signature for rule: {rule.ErrorString}"
            : $"{e.Message} evaluating rule: {rule.ErrorString}";

    /// <summary>The messageExpression's result when it gives a one-line string, else the static message.</summary>
    private static string Message(CompiledRule rule, Dictionary<string, object?> variables)
    {
        if (rule.MessageProgram is not null)
        {
            try
            {
                if (rule.MessageProgram(variables) is string text && !string.IsNullOrWhiteSpace(text) && !text.Contains('\n', StringComparison.Ordinal))
                {
                    return text;
                }
            }
            catch (Exception)
            {
                // The API server logs the failure and falls back to the static message.
            }
        }

        return rule.MessageOrDefault;
    }

    private static FieldError Failure(string field, SchemaNode schema, CompiledRule rule, string message)
    {
        var typeName = GoFormat.String(schema.TypeName);
        return rule.Reason switch
        {
            "FieldValueForbidden" => FieldError.Forbidden(field, message),
            "FieldValueRequired" => FieldError.Required(field, message),
            "FieldValueDuplicate" => FieldError.Duplicate(field, typeName),
            _ => FieldError.Invalid(field, typeName, message),
        };
    }

    /// <summary>The rule's fieldPath (<c>.storage.size</c>, <c>['a.b']</c>, <c>[0]</c>) below the node's path, in dotted form.</summary>
    private static string ResolvePath(FieldPathBuilder path, string? fieldPath)
    {
        if (string.IsNullOrEmpty(fieldPath))
        {
            return path.ToString();
        }

        var mark = path.Length;
        var i = 0;
        while (i < fieldPath.Length)
        {
            if (fieldPath[i] == '.')
            {
                var end = fieldPath.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? fieldPath.Length : end;
                path.PushField(fieldPath[(i + 1)..end]);
                i = end;
            }
            else if (fieldPath[i] == '[')
            {
                var close = fieldPath.IndexOf(']', i);
                close = close < 0 ? fieldPath.Length : close;
                var inner = fieldPath[(i + 1)..close];
                if (int.TryParse(inner, out var index))
                {
                    path.PushIndex(index);
                }
                else
                {
                    path.PushField(inner.Trim('\'', '"'));
                }

                i = close + 1;
            }
            else
            {
                i++;
            }
        }

        var text = path.ToString();
        path.Restore(mark);
        return text;
    }
}
