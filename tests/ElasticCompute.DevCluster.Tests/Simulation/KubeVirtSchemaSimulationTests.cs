using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Simulation;

namespace ElasticCompute.DevCluster.Tests.Simulation;

/// <summary>With KubeVirt's real schemas (from ../shared), devcluster accepts KubeVirt's examples and reports unknown fields.</summary>
public sealed class KubeVirtSchemaSimulationTests
{
    [SkippableFact]
    public async Task KubeVirts_example_vms_are_accepted_and_an_unknown_field_is_reported_per_field_validation()
    {
        var schemas = RepositoryPaths.RequireShared(Path.Combine("kubevirt", "crd-schemas"));
        var examples = RepositoryPaths.RequireShared(Path.Combine("kubevirt", "examples"));
        await using var cluster = await SimCluster.StartAsync(new SimulationOptions { KubeVirtSchemaDirectory = schemas });

        var created = 0;
        foreach (var file in Directory.GetFiles(examples, "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var doc in YamlJson.ReadAll(await File.ReadAllTextAsync(file)).OfType<JsonObject>().Where(d => SimCluster.Str(d["kind"]) == "VirtualMachine"))
            {
                var result = await cluster.Registry.CreateAsync(cluster.Vms, "default", doc, new WriteOptions { FieldValidation = FieldValidation.Strict });
                Assert.Empty(result.Warnings);
                created++;
            }
        }

        Assert.True(created >= 3, $"only {created} example VMs");

        var bad = YamlJson.Read("""
            apiVersion: kubevirt.io/v1
            kind: VirtualMachine
            metadata: {name: typo}
            spec:
              runStrategy: Halted
              template:
                spec:
                  domain: {devices: {}, cpu: {sockts: 2}}
            """)!.AsObject();
        var refused = await Assert.ThrowsAsync<ApiException>(() => cluster.Registry.CreateAsync(cluster.Vms, "default", (JsonObject)bad.DeepClone(), new WriteOptions { FieldValidation = FieldValidation.Strict }));
        Assert.Equal("strict decoding error: unknown field \"spec.template.spec.domain.cpu.sockts\"", refused.Message);
        var warned = await cluster.Registry.CreateAsync(cluster.Vms, "default", bad, new WriteOptions { FieldValidation = FieldValidation.Warn });
        Assert.Equal(["unknown field \"spec.template.spec.domain.cpu.sockts\""], warned.Warnings);
    }

    [SkippableFact]
    public async Task With_real_schemas_a_vm_still_runs_and_its_status_survives_pruning()
    {
        var schemas = RepositoryPaths.RequireShared(Path.Combine("kubevirt", "crd-schemas"));
        await using var cluster = await SimCluster.StartAsync(new SimulationOptions { KubeVirtSchemaDirectory = schemas });
        await cluster.CreateAsync(cluster.Vms, File.ReadAllText(RepositoryPaths.RequireShared(Path.Combine("kubevirt", "examples", "vm-cirros.yaml"))));
        await cluster.EditAsync(cluster.Vms, "vm-cirros", v => v["spec"]!["runStrategy"] = "Always");

        var vm = await cluster.UntilAsync(cluster.Vms, "vm-cirros", v => SimCluster.Str(v["status"]?["printableStatus"]) == "Running", "the example VM to run");
        Assert.True(vm["status"]!["ready"]!.GetValue<bool>());
        Assert.NotNull(cluster.Find(cluster.Vmis, "vm-cirros")!["status"]!["interfaces"]![0]!["ipAddress"]);
    }
}
