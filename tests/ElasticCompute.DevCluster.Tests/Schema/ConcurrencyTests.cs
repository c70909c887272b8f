using ElasticCompute.DevCluster.Server.Schema;

namespace ElasticCompute.DevCluster.Tests.Schema;

public sealed class ConcurrencyTests
{
    [Fact]
    public void One_parsed_schema_gives_the_same_answers_from_many_threads()
    {
        var schema = CrdSchemas.ElasticMachines;
        (string Spec, string? Old)[] cases =
        [
            ("{cpu: 2, memory: 4Gi, storage: {size: 80Gi, sise: 1}}", null),
            ("{cpu: 0, memory: 4Gi}", null),
            ("{cpu: 2, memory: 4Gi, storage: {size: 40Gi}}", "{cpu: 2, memory: 4Gi, storage: {size: 80Gi}}"),
            ("{instanceType: u1.medium}", "{cpu: 2, memory: 4Gi}"),
            ("{instanceType: u1.medium, pool: Bad}", null),
        ];
        var expected = cases.Select(c => Run(schema, c.Spec, c.Old)).ToArray();

        var mismatches = 0;
        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var (spec, old) = cases[i % cases.Length];
            if (Run(schema, spec, old) != expected[i % cases.Length])
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
        Assert.All(expected, e => Assert.NotEqual(string.Empty, e));
    }

    private static string Run(StructuralSchema schema, string spec, string? old)
    {
        static string Machine(string s) => "{apiVersion: elasticcompute.io/v1alpha1, kind: ElasticMachine, metadata: {name: m}, spec: " + s + "}";
        var obj = SchemaAssert.Json(Machine(spec));
        var result = schema.Admit(obj, old is null ? null : SchemaAssert.Json(Machine(old)));
        return string.Join("|", result.UnknownFields) + "#" + string.Join("|", result.Errors) + "#" + obj.ToJsonString();
    }
}
