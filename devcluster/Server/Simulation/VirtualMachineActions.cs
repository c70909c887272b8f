using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;
using Microsoft.AspNetCore.Http;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>
/// virt-api's PUT virtualmachines/{name}/start|stop|restart: start and stop change the run strategy (Always/Halted,
/// or spec.running) or, for Manual, add a state change request; restart asks to stop the current VMI and start a new
/// one. Refusals are the Conflicts virt-api answers with.
/// </summary>
internal sealed class VirtualMachineActions(ResourceRegistry registry)
{
    private static readonly WriteOptions Write = new() { FieldManager = "virt-api" };

    public async Task HandleAsync(HttpContext context, ResourceType type, RequestInfo request)
    {
        if (request.Name is null || request.Namespace.Length == 0)
        {
            throw ApiException.PathNotFound();
        }

        if (!HttpMethods.IsPut(context.Request.Method))
        {
            throw ApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await ActAsync(request.Namespace, request.Name, request.Subresource!, context.RequestAborted).ConfigureAwait(false);
                break;
            }
            catch (ApiException e) when (e.Reason == "Conflict" && e.Message.Contains("has been modified", StringComparison.Ordinal) && attempt < 5)
            {
            }
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private async Task ActAsync(string ns, string name, string action, CancellationToken cancellationToken)
    {
        var vmType = SimTypes.Vms(registry);
        var vm = registry.GetObject(vmType, ns, name);
        var strategy = VirtualMachineController.RunStrategy(vm);
        var usesRunning = vm["spec"]?["running"] is not null && vm["spec"]?["runStrategy"] is null;
        var vmi = registry.Store.Get("virtualmachineinstances.kubevirt.io", ns, name) is { } stored ? ResourceRegistry.Parse(stored) : null;
        var vmiPhase = SimJson.Str(vmi?["status"]?["phase"]);
        var vmiActive = vmi is not null && vmiPhase is not ("Succeeded" or "Failed");
        switch (action)
        {
            case "start":
                if (vmiActive && !string.IsNullOrEmpty(vmiPhase) && vmiPhase != "Unknown")
                {
                    throw Conflict(name, "VM is already running");
                }

                switch (strategy)
                {
                    case "Halted":
                        await SetRunningAsync(vmType, vm, usesRunning, true, cancellationToken).ConfigureAwait(false);
                        break;
                    case "Manual" or "RerunOnFailure":
                        await AddRequestsAsync(vmType, vm, [Request("Start", null)], cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        throw Conflict(name, $"{strategy} does not support manual start requests");
                }

                break;
            case "stop":
                switch (strategy)
                {
                    case "Halted":
                        if (!vmiActive)
                        {
                            throw Conflict(name, "VM is not running");
                        }

                        await AddRequestsAsync(vmType, vm, [Request("Stop", ObjectMeta.Uid(vmi!))], cancellationToken).ConfigureAwait(false);
                        break;
                    case "Manual":
                        if (!vmiActive)
                        {
                            throw Conflict(name, "VM is not running");
                        }

                        await AddRequestsAsync(vmType, vm, [Request("Stop", ObjectMeta.Uid(vmi!))], cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        await SetRunningAsync(vmType, vm, usesRunning, false, cancellationToken).ConfigureAwait(false);
                        break;
                }

                break;
            case "restart":
                if (strategy is "Halted" or "Once")
                {
                    throw Conflict(name, $"{strategy} does not support manual restart requests");
                }

                if (vmi is null || ObjectMeta.IsDeleting(vmi))
                {
                    throw Conflict(name, "VM is not running");
                }

                await AddRequestsAsync(vmType, vm, [Request("Stop", ObjectMeta.Uid(vmi)), Request("Start", null)], cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw ApiException.PathNotFound();
        }
    }

    private async Task SetRunningAsync(ResourceType vmType, JsonObject vm, bool usesRunning, bool run, CancellationToken cancellationToken)
    {
        var spec = (JsonObject)vm["spec"]!;
        if (usesRunning)
        {
            spec["running"] = run;
        }
        else
        {
            spec["runStrategy"] = run ? "Always" : "Halted";
        }

        await registry.UpdateAsync(vmType, ObjectMeta.Namespace(vm), ObjectMeta.Name(vm), vm, null, Write, cancellationToken).ConfigureAwait(false);
    }

    private async Task AddRequestsAsync(ResourceType vmType, JsonObject vm, JsonObject[] requests, CancellationToken cancellationToken)
    {
        var status = vm["status"] as JsonObject ?? [];
        if (status["stateChangeRequests"] is JsonArray { Count: > 0 })
        {
            throw Conflict(ObjectMeta.Name(vm), "unable to complete request: stop/start already underway");
        }

        status["stateChangeRequests"] = new JsonArray(requests.Select(r => (JsonNode)r).ToArray());
        vm["status"] = status;
        await registry.UpdateAsync(vmType, ObjectMeta.Namespace(vm), ObjectMeta.Name(vm), vm, "status", Write, cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject Request(string action, string? uid)
    {
        var request = new JsonObject { ["action"] = action };
        if (uid is not null)
        {
            request["uid"] = uid;
        }

        return request;
    }

    /// <summary>errors.NewConflict(v1.Resource("virtualmachine"), name, err), as virt-api builds it.</summary>
    private static ApiException Conflict(string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on virtualmachine.kubevirt.io \"{name}\": {why}") { Name = name, Group = SimTypes.KubeVirtGroup, DetailKind = "virtualmachine" };
}
