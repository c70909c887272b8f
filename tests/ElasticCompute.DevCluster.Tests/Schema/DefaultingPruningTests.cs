using ElasticCompute.DevCluster.Server.Schema;

namespace ElasticCompute.DevCluster.Tests.Schema;

public sealed class DefaultingPruningTests
{
    private static readonly StructuralSchema Schema = SchemaAssert.Parse("""
        type: object
        properties:
          apiVersion: {type: string}
          kind: {type: string}
          metadata: {type: object}
          spec:
            type: object
            properties:
              mode: {type: string, default: Fast}
              limits:
                type: object
                default: {}
                properties:
                  cpu: {type: integer, default: 2}
                  memory: {type: string}
              disks:
                type: array
                items:
                  type: object
                  properties:
                    name: {type: string}
                    bus: {type: string, default: virtio}
              env:
                type: object
                additionalProperties:
                  type: object
                  properties:
                    value: {type: string}
                    secret: {type: boolean, default: false}
              extra:
                type: object
                x-kubernetes-preserve-unknown-fields: true
                properties:
                  known: {type: object, properties: {a: {type: string}}}
              template:
                type: object
                x-kubernetes-embedded-resource: true
                properties:
                  spec: {type: object, properties: {replicas: {type: integer}}}
              nullableWithDefault: {type: string, nullable: true, default: d}
              plainWithDefault: {type: string, default: p}
        """);

    [Fact]
    public void Defaults_absent_fields_recursively_after_the_parent_default()
    {
        var obj = SchemaAssert.Json("{spec: {disks: [{name: a}, {name: b, bus: sata}], env: {A: {value: x}}}}");

        var result = Schema.Admit(obj, null);

        Assert.Empty(result.Errors);
        Assert.Equal(
            """{"spec":{"disks":[{"name":"a","bus":"virtio"},{"name":"b","bus":"sata"}],"env":{"A":{"value":"x","secret":false}},"mode":"Fast","limits":{"cpu":2},"nullableWithDefault":"d","plainWithDefault":"p"}}""",
            obj.ToJsonString());
    }

    [Fact]
    public void Defaults_are_deep_copies()
    {
        var first = SchemaAssert.Json("{spec: {}}");
        var second = SchemaAssert.Json("{spec: {}}");
        Schema.Default(first);
        Schema.Default(second);

        first["spec"]!["limits"]!["cpu"] = 9;

        Assert.Equal(2, second["spec"]!["limits"]!["cpu"]!.GetValue<long>());
    }

    [Fact]
    public void No_defaults_without_the_parent_object()
    {
        var obj = SchemaAssert.Json("{apiVersion: v1}");

        Schema.Default(obj);

        Assert.Equal("""{"apiVersion":"v1"}""", obj.ToJsonString());
    }

    [Fact]
    public void Null_in_a_non_nullable_field_is_dropped_or_defaulted_and_nullable_null_is_kept()
    {
        var obj = SchemaAssert.Json("{spec: {mode: null, limits: {memory: null}, nullableWithDefault: null}}");

        var result = Schema.Admit(obj, null);

        Assert.Empty(result.Errors);
        Assert.Equal("Fast", (string?)obj["spec"]!["mode"]);
        Assert.False(((System.Text.Json.Nodes.JsonObject)obj["spec"]!["limits"]!).ContainsKey("memory"));
        Assert.Null(obj["spec"]!["nullableWithDefault"]);
        Assert.True(((System.Text.Json.Nodes.JsonObject)obj["spec"]!).ContainsKey("nullableWithDefault"));
    }

    [Fact]
    public void Prunes_unknown_fields_and_reports_their_paths()
    {
        var obj = SchemaAssert.Json("""
            apiVersion: x/v1
            kind: X
            metadata: {name: a, whatever: kept}
            top: 1
            spec:
              mdoe: Fast
              disks: [{name: a, buss: sata}, {name: b}, {name: c, size: 1}]
              env: {A: {value: x, vlaue: y}}
              limits: {cpu: 1, gpu: 2}
            """);

        var result = Schema.Admit(obj, null);

        string[] expected = ["top", "spec.mdoe", "spec.disks[0].buss", "spec.disks[2].size", "spec.env.A.vlaue", "spec.limits.gpu"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), result.UnknownFields.Order(StringComparer.Ordinal));
        Assert.Equal("kept", (string?)obj["metadata"]!["whatever"]);
        Assert.Null(obj["top"]);
        Assert.Null(obj["spec"]!["disks"]![0]!["buss"]);
    }

    [Fact]
    public void Preserve_unknown_fields_keeps_unknowns_but_prunes_inside_declared_properties()
    {
        var obj = SchemaAssert.Json("{spec: {extra: {anything: {deep: 1}, known: {a: x, b: y}}}}");

        var unknown = Schema.Prune(obj);

        Assert.Equal(["spec.extra.known.b"], unknown);
        Assert.Equal(1L, (long)obj["spec"]!["extra"]!["anything"]!["deep"]!);
    }

    [Fact]
    public void Embedded_resources_keep_apiVersion_kind_and_metadata()
    {
        var obj = SchemaAssert.Json("{spec: {template: {apiVersion: v1, kind: Pod, metadata: {labels: {a: b}}, spec: {replicas: 1, paused: true}, status: {}}}}");

        var unknown = Schema.Prune(obj);

        Assert.Equal(["spec.template.spec.paused", "spec.template.status"], unknown.Order(StringComparer.Ordinal));
        Assert.Equal("Pod", (string?)obj["spec"]!["template"]!["kind"]);
        Assert.Equal("b", (string?)obj["spec"]!["template"]!["metadata"]!["labels"]!["a"]);
    }
}
