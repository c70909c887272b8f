using ElasticCompute.DevCluster.Server.Schema;

namespace ElasticCompute.DevCluster.Tests.Schema;

/// <summary>Each OpenAPI rule with the exact message apiextensions-apiserver gives (kube-openapi's formats).</summary>
public sealed class ValidationMessageTests
{
    private static readonly StructuralSchema Schema = SchemaAssert.Parse("""
        type: object
        properties:
          apiVersion: {type: string}
          kind: {type: string}
          metadata: {type: object}
          spec:
            type: object
            required: [name]
            properties:
              name: {type: string}
              cpu: {type: integer, format: int32, minimum: 1, maximum: 1024}
              ratio: {type: number, minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true}
              step: {type: integer, multipleOf: 4}
              runStrategy: {type: string, enum: [Always, Halted]}
              level: {type: integer, enum: [1, 2]}
              pool: {type: string, maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'}
              code: {type: string, maxLength: 1}
              label: {type: string, minLength: 1}
              keys: {type: array, minItems: 1, maxItems: 2, items: {type: string}, x-kubernetes-list-type: set}
              conditions:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [type]
                items: {type: object, properties: {type: {type: string}, status: {type: string}}}
              memory:
                x-kubernetes-int-or-string: true
                anyOf: [{type: integer}, {type: string}]
                pattern: '^[0-9]+(Mi|Gi)?$'
              size: {x-kubernetes-int-or-string: true}
              note: {type: string, nullable: true}
              when: {type: string, format: date-time}
              labels: {type: object, maxProperties: 1, additionalProperties: {type: string}}
              tags: {type: array, items: {type: string}}
              enabled: {type: boolean}
              nested: {type: object, properties: {inner: {type: object, required: [id], properties: {id: {type: string}}}}}
        """);

    public static TheoryData<string, string[]> Cases => new()
    {
        { "{name: a}", [] },
        { "{name: a, cpu: string}", ["""spec.cpu: Invalid value: "string": spec.cpu in body must be of type integer: "string" """.TrimEnd()] },
        { "{name: a, cpu: 1.5}", ["""spec.cpu: Invalid value: "number": spec.cpu in body must be of type integer: "number" """.TrimEnd()] },
        { "{name: a, cpu: 2.0}", [] },
        { "{name: a, enabled: 'yes'}", ["""spec.enabled: Invalid value: "string": spec.enabled in body must be of type boolean: "string" """.TrimEnd()] },
        { "{name: a, keys: x}", ["""spec.keys: Invalid value: "string": spec.keys in body must be of type array: "string" """.TrimEnd()] },
        { "{name: a, nested: []}", ["""spec.nested: Invalid value: "array": spec.nested in body must be of type object: "array" """.TrimEnd()] },
        { "{}", ["spec.name: Required value"] },
        { "{name: a, nested: {inner: {}}}", ["spec.nested.inner.id: Required value"] },
        { "{name: a, runStrategy: Sometimes}", ["""spec.runStrategy: Unsupported value: "Sometimes": supported values: "Always", "Halted" """.TrimEnd()] },
        { "{name: a, level: 3}", ["""spec.level: Unsupported value: 3: supported values: "1", "2" """.TrimEnd()] },
        { "{name: a, cpu: 0}", ["spec.cpu: Invalid value: 0: spec.cpu in body should be greater than or equal to 1"] },
        { "{name: a, cpu: 2000}", ["spec.cpu: Invalid value: 2000: spec.cpu in body should be less than or equal to 1024"] },
        { "{name: a, ratio: 1}", ["spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1"] },
        { "{name: a, ratio: 0}", ["spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0"] },
        { "{name: a, ratio: 0.5}", [] },
        { "{name: a, step: 6}", ["spec.step: Invalid value: 6: spec.step in body should be a multiple of 4"] },
        { "{name: a, pool: " + new string('a', 64) + "}", ["spec.pool: Too long: may not be more than 63 bytes"] },
        { "{name: a, code: ab}", ["spec.code: Too long: may not be more than 1 byte"] },
        { "{name: a, pool: Bad_Name}", ["""spec.pool: Invalid value: "Bad_Name": spec.pool in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'"""] },
        { "{name: a, label: ''}", ["""spec.label: Invalid value: "": spec.label in body should be at least 1 chars long"""] },
        { "{name: a, keys: [a, b, c]}", ["spec.keys: Too many: 3: must have at most 2 items"] },
        { "{name: a, keys: []}", ["spec.keys: Invalid value: 0: spec.keys in body should have at least 1 items"] },
        { "{name: a, keys: [a, a]}", ["""spec.keys[1]: Duplicate value: "a" """.TrimEnd()] },
        { "{name: a, conditions: [{type: Ready, status: 'True'}, {type: Ready, status: 'False'}]}", ["""spec.conditions[1]: Duplicate value: {"type":"Ready"}"""] },
        { "{name: a, conditions: [{type: Ready}, {type: Synced}]}", [] },
        { "{name: a, memory: 4Gi}", [] },
        { "{name: a, memory: 4096}", [] },
        { "{name: a, memory: 4Gb}", ["""spec.memory: Invalid value: "4Gb": spec.memory in body should match '^[0-9]+(Mi|Gi)?$'"""] },
        {
            "{name: a, memory: true}",
            [
                """<nil>: Invalid value: "": "spec.memory" must validate at least one schema (anyOf)""",
                """spec.memory: Invalid value: "boolean": spec.memory in body must be of type integer,string: "boolean" """.TrimEnd(),
                """spec.memory: Invalid value: "boolean": spec.memory in body must be of type integer: "boolean" """.TrimEnd(),
            ]
        },
        { "{name: a, size: 1.5}", ["""spec.size: Invalid value: "number": spec.size in body must be of type integer,string: "number" """.TrimEnd()] },
        { "{name: a, size: {}}", ["""spec.size: Invalid value: "object": spec.size in body must be of type integer,string: "object" """.TrimEnd()] },
        { "{name: a, note: null}", [] },
        { "{name: null}", ["spec.name: Required value"] },
        { "{name: a, tags: [x, null]}", ["""spec.tags[1]: Invalid value: "null": spec.tags[1] in body must be of type string: "null" """.TrimEnd()] },
        { "{name: a, when: yesterday}", ["""spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday" """.TrimEnd()] },
        { "{name: a, when: '2024-01-02T03:04:05Z'}", [] },
        { "{name: a, labels: {a: x, b: y}}", ["spec.labels: Too many: 2: must have at most 1 item"] },
        { "{name: a, labels: {a: 1}}", ["""spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer" """.TrimEnd()] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gives_the_api_server_message(string spec, string[] expected)
    {
        var errors = SchemaAssert.Errors(Schema, "{apiVersion: x/v1, kind: X, metadata: {name: m}, spec: " + spec + "}");

        Assert.Equal(expected.Order(StringComparer.Ordinal), errors.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_invalid_pattern_is_reported_not_thrown()
    {
        var schema = SchemaAssert.Parse("{type: object, properties: {field: {type: string, pattern: '+'}}}");

        var error = Assert.Single(SchemaAssert.Errors(schema, "{field: foo}"));
        Assert.StartsWith("""field: Invalid value: "foo": field in body should match '+, but pattern is invalid: """, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_carry_the_reason_of_their_type()
    {
        var result = Schema.Admit(SchemaAssert.Json("{spec: {cpu: 0, runStrategy: x}}"), null);

        Assert.Equal(["FieldValueInvalid", "FieldValueNotSupported", "FieldValueRequired"], result.Errors.Select(e => e.Reason).Order(StringComparer.Ordinal));
    }
}
