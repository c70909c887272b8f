using ElasticCompute.Runtime.Hosting;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;

namespace ElasticCompute.Runtime.Leadership;

/// <summary>
/// The client's <see cref="LeaderElector"/> on a <see cref="LeaseLock"/>, wrapped so any fault (network, API) is
/// retried forever and every start is paired with a stop.
/// </summary>
internal sealed class LeaseLeaderElector(IKubernetes client, LeaderElectionOptions options, string identity, TimeProvider time, ILogger logger)
    : ILeaderElector
{
    public string Identity { get; } = identity;

    public async Task RunAsync(Action onStartedLeading, Action onStoppedLeading, CancellationToken cancellationToken)
    {
        var leading = 0;
        string? refusal = null;
        void Started()
        {
            if (Interlocked.Exchange(ref leading, 1) == 0)
            {
                refusal = null;
                Log.StartedLeading(logger, Identity);
                onStartedLeading();
            }
        }

        void Stopped()
        {
            if (Interlocked.Exchange(ref leading, 0) == 1)
            {
                Log.StoppedLeading(logger, Identity);
                onStoppedLeading();
            }
        }

        // The client's lock turns a refused create or update into "not leading" and says nothing more; a missing
        // namespace or a missing RBAC rule would leave the workers waiting in silence. Said once per reason.
        void Refused(HttpOperationException e)
        {
            var reason = ApiErrors.Describe(e);
            if (Interlocked.Exchange(ref refusal, reason) != reason)
            {
                Log.LeaseRefused(logger, Identity, $"{options.Namespace}/{options.LeaseName}", reason);
            }
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var lease = new LeaseLock(client, options.Namespace, options.LeaseName, Identity);
            lease.OnHttpError += Refused;
            var config = new LeaderElectionConfig(lease)
            {
                LeaseDuration = options.LeaseDuration,
                RenewDeadline = options.RenewDeadline,
                RetryPeriod = options.RetryPeriod,
            };
            using var elector = new LeaderElector(config);
            elector.OnStartedLeading += Started;
            elector.OnStoppedLeading += Stopped;
            elector.OnError += e => Log.ElectionFailed(logger, e, Identity);
            try
            {
                await elector.RunAndTryToHoldLeadershipForeverAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // leadership is retried forever, whatever failed
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.ElectionFailed(logger, e, Identity);
            }
            finally
            {
                Stopped();
            }

            try
            {
                await Task.Delay(options.RetryPeriod, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Stopped();
    }
}
