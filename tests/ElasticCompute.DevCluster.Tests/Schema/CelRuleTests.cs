using ElasticCompute.DevCluster.Server.Schema;

namespace ElasticCompute.DevCluster.Tests.Schema;

/// <summary>x-kubernetes-validations: messages, fieldPath, reason, transition rules, the quantity library.</summary>
public sealed class CelRuleTests
{
    private static readonly StructuralSchema Schema = SchemaAssert.Parse("""
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - {rule: 'self.min <= self.max', message: min must not exceed max}
            - {rule: '!has(self.forbidden)', message: forbidden is not allowed, reason: FieldValueForbidden, fieldPath: .forbidden}
            - {rule: 'self.min != 7', reason: FieldValueRequired, fieldPath: '.min'}
            properties:
              min: {type: integer}
              max: {type: integer}
              forbidden: {type: string}
              path:
                type: string
                x-kubernetes-validations:
                - {rule: "self.startsWith('/')", message: "path must be absolute (start with '/')"}
                - {rule: "!self.contains('..')", message: "path must not contain '..'"}
              name: {type: string, x-kubernetes-validations: [{rule: self == oldSelf}]}
              size:
                x-kubernetes-int-or-string: true
                x-kubernetes-validations:
                - {rule: "isQuantity(string(self)) && quantity(string(self)).isLessThan(quantity('10Gi'))", message: too big}
                - {rule: "!isQuantity(string(self)) || quantity(string(self)).asInteger() >= 1024", message: at least 1Ki}
              items:
                type: array
                items: {type: string}
                x-kubernetes-validations:
                - {rule: self.size() <= 2, messageExpression: "'at most 2 items, got ' + string(size(self))"}
              ports:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
                items:
                  type: object
                  properties:
                    name: {type: string}
                    number: {type: integer, x-kubernetes-validations: [{rule: self >= oldSelf, message: ports only grow}]}
        """);

    public static TheoryData<string, string?, string[]> Cases => new()
    {
        { "{min: 1, max: 2}", null, [] },
        { "{min: 5, max: 1}", null, ["""spec: Invalid value: "object": min must not exceed max"""] },
        { "{min: 1, max: 2, forbidden: x}", null, ["spec.forbidden: Forbidden: forbidden is not allowed"] },
        { "{min: 7, max: 8}", null, ["spec.min: Required value: failed rule: self.min != 7"] },
        { "{min: 1, max: 2, path: rel}", null, ["""spec.path: Invalid value: "string": path must be absolute (start with '/')"""] },
        { "{min: 1, max: 2, path: /a/../b}", null, ["""spec.path: Invalid value: "string": path must not contain '..'"""] },
        { "{min: 1, max: 2, name: a}", null, [] },
        { "{min: 1, max: 2, name: b}", "{min: 1, max: 2, name: a}", ["""spec.name: Invalid value: "string": failed rule: self == oldSelf"""] },
        { "{min: 1, max: 2, name: a}", "{min: 1, max: 2, name: a}", [] },
        { "{min: 1, max: 2, name: a}", "{min: 1, max: 2}", [] },
        { "{min: 1, max: 2, size: 2Gi}", null, [] },
        { "{min: 1, max: 2, size: 4096}", null, [] },
        { "{min: 1, max: 2, size: 20Gi}", null, ["""spec.size: Invalid value: "": too big"""] },
        { "{min: 1, max: 2, size: 100}", null, ["""spec.size: Invalid value: "": at least 1Ki"""] },
        { "{min: 1, max: 2, items: [a, b, c]}", null, ["""spec.items: Invalid value: "array": at most 2 items, got 3"""] },
        // Ratcheting: an update that leaves a value as it was is not held to its rules (an object stored before a rule
        // was added can still have its status written); a changed value is.
        { "{min: 5, max: 1, path: rel}", "{min: 5, max: 1, path: rel}", [] },
        { "{min: 5, max: 1, path: rel}", "{min: 5, max: 2, path: rel}", ["""spec: Invalid value: "object": min must not exceed max"""] },
        { "{min: 1, max: 2, path: rel2}", "{min: 1, max: 2, path: rel}", ["""spec.path: Invalid value: "string": path must be absolute (start with '/')"""] },
        { "{min: 1, max: 2, path: rel, items: [a, b, c]}", "{min: 1, max: 3, path: rel, items: [a, b, c]}", [] },
        { "{min: 1, max: 2, ports: [{name: a, number: 1}, {name: b, number: 5}]}", "{min: 1, max: 2, ports: [{name: b, number: 6}, {name: a, number: 1}]}", ["""spec.ports[1].number: Invalid value: "integer": ports only grow"""] },
        {
            "{min: x, max: 2}",
            null,
            [
                """spec.min: Invalid value: "string": spec.min in body must be of type integer: "string" """.TrimEnd(),
                """<nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation""",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rules_give_the_api_server_errors(string spec, string? oldSpec, string[] expected)
    {
        var errors = SchemaAssert.Errors(Schema, "{spec: " + spec + "}", oldSpec is null ? null : "{spec: " + oldSpec + "}");

        Assert.Equal(expected.Order(StringComparer.Ordinal), errors.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_rule_that_does_not_compile_is_reported_not_thrown()
    {
        var schema = SchemaAssert.Parse("{type: object, properties: {spec: {type: object, x-kubernetes-validations: [{rule: 'self.', message: m}]}}}");

        var error = Assert.Single(SchemaAssert.Errors(schema, "{spec: {}}"));
        Assert.StartsWith("""spec: Invalid value: "object": rule compile error: """, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_that_fails_at_runtime_is_reported()
    {
        var error = Assert.Single(SchemaAssert.Errors(Schema, "{spec: {min: 1}}"));

        Assert.StartsWith("""spec: Invalid value: "object": """, error, StringComparison.Ordinal);
        Assert.EndsWith("evaluating rule: min must not exceed max", error, StringComparison.Ordinal);
    }
}
