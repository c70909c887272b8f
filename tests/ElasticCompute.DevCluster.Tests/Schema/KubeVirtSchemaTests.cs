using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Tests.Schema;

/// <summary>
/// KubeVirt's real CRD schemas (../shared/kubevirt): its own examples, the common instancetypes and preferences
/// must pass untouched; a misspelling is reported as unknown; a wrong type is refused.
/// </summary>
public sealed class KubeVirtSchemaTests
{
    public static TheoryData<string> Examples => new()
    {
        "vm-alpine-datavolume.yaml",
        "vm-alpine-multipvc.yaml",
        "vm-cirros-csmall.yaml",
        "vm-cirros.yaml",
        "csmall.yaml",
    };

    private static readonly Dictionary<string, string> SchemaByKind = new(StringComparer.Ordinal)
    {
        ["VirtualMachine"] = "virtualmachine.yaml",
        ["VirtualMachineInstance"] = "virtualmachineinstance.yaml",
        ["VirtualMachineInstancetype"] = "virtualmachineinstancetype.yaml",
        ["VirtualMachineClusterInstancetype"] = "virtualmachineclusterinstancetype.yaml",
        ["VirtualMachineClusterPreference"] = "virtualmachineclusterpreference.yaml",
    };

    [SkippableTheory]
    [MemberData(nameof(Examples))]
    public void Every_example_is_accepted_with_no_unknown_fields(string file)
    {
        var documents = CrdSchemas.SharedDocuments(Path.Combine("kubevirt", "examples", file));
        Assert.NotEmpty(documents);
        foreach (var document in documents)
        {
            AssertAccepted(document);
            if (document["kind"]?.GetValue<string>() == "VirtualMachine")
            {
                foreach (var template in document["spec"]?["dataVolumeTemplates"]?.AsArray() ?? [])
                {
                    // A DataVolume template on its own, against CDI's DataVolume template schema.
                    var dataVolume = (JsonObject)template!.DeepClone();
                    var result = CrdSchemas.KubeVirt("datavolumetemplatespec.yaml").Admit(dataVolume, null);
                    Assert.Empty(result.UnknownFields);
                    Assert.Empty(result.Errors);
                }
            }
        }
    }

    [SkippableTheory]
    [InlineData("common-clusterinstancetypes.yaml")]
    [InlineData("common-clusterpreferences.yaml")]
    public void Every_common_instancetype_and_preference_is_accepted(string file)
    {
        var documents = CrdSchemas.SharedDocuments(Path.Combine("kubevirt", file));
        Assert.True(documents.Count > 10, $"{file} has {documents.Count} documents");
        foreach (var document in documents)
        {
            AssertAccepted(document);
        }
    }

    [SkippableFact]
    public void A_misspelled_field_is_reported_as_unknown()
    {
        var vm = Vm();
        vm["spec"]!["template"]!["spec"]!["domain"]!["devices"]!["disks"]![0]!["bootOder"] = 1;
        vm["spec"]!["runStrategyy"] = "Always";

        var result = CrdSchemas.KubeVirt("virtualmachine.yaml").Admit(vm, null);

        Assert.Equal(["spec.runStrategyy", "spec.template.spec.domain.devices.disks[0].bootOder"], result.UnknownFields.Order(StringComparer.Ordinal));
        Assert.Null(vm["spec"]!["runStrategyy"]);
    }

    [SkippableFact]
    public void A_wrong_type_is_refused()
    {
        var vm = Vm();
        vm["spec"]!["template"]!["spec"]!["domain"]!["cpu"] = new JsonObject { ["cores"] = "two" };

        var errors = CrdSchemas.KubeVirt("virtualmachine.yaml").Admit(vm, null).Errors.Select(e => e.ToString());

        Assert.Contains("spec.template.spec.domain.cpu.cores: Invalid value: \"string\": spec.template.spec.domain.cpu.cores in body must be of type integer: \"string\"", errors);
    }

    private static JsonObject Vm() =>
        CrdSchemas.SharedDocuments(Path.Combine("kubevirt", "examples", "vm-cirros.yaml")).Single(d => d["kind"]!.GetValue<string>() == "VirtualMachine");

    private static void AssertAccepted(JsonObject document)
    {
        var kind = document["kind"]!.GetValue<string>();
        var schema = CrdSchemas.KubeVirt(SchemaByKind[kind]);
        var before = document.ToJsonString();
        var result = schema.Admit(document, null);

        Assert.True(result.UnknownFields.Count == 0, $"{kind} {document["metadata"]?["name"]}: unknown {string.Join(", ", result.UnknownFields)}");
        Assert.True(result.Errors.Count == 0, $"{kind} {document["metadata"]?["name"]}: {string.Join("; ", result.Errors)}");
        Assert.NotEqual(string.Empty, before);
    }
}
