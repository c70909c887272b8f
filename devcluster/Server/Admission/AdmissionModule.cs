using ElasticCompute.DevCluster.Server.Hosting;

namespace ElasticCompute.DevCluster.Server.Admission;

/// <summary>
/// Turns on admission webhooks: Mutating/ValidatingWebhookConfigurations written to devcluster are called
/// for every write, as kube-apiserver calls them.
/// </summary>
public sealed class AdmissionModule : IDevClusterModule
{
    public Task StartAsync(DevClusterContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var admission = new WebhookAdmission(context.Registry, context.Time);
        context.Registry.Admission = admission;
        context.RunInBackground(async stopping =>
        {
            // Keeps the webhook connections until devcluster stops, then closes them.
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (stopping.Register(() => stopped.TrySetResult()).ConfigureAwait(false))
            {
                await stopped.Task.ConfigureAwait(false);
            }

            admission.Dispose();
        });
        return Task.CompletedTask;
    }
}
