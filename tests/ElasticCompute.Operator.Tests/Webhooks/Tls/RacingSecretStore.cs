using ElasticCompute.Operator.Webhooks.Tls;
using k8s.Models;

namespace ElasticCompute.Operator.Tests.Webhooks.Tls;

/// <summary>
/// Makes replicas race for real: while armed, each replica's next write (create or replace) waits until every
/// armed replica has reached its write, so all of them read the same Secret and then write at once.
/// </summary>
internal sealed class RacingSecretStore(ISecretStore inner, RacingSecretStore.Race race) : ISecretStore
{
    public Task<V1Secret?> ReadAsync(CancellationToken cancellationToken) => inner.ReadAsync(cancellationToken);

    public async Task<V1Secret?> TryCreateAsync(V1Secret secret, CancellationToken cancellationToken)
    {
        await race.ArriveAsync(cancellationToken);
        return await inner.TryCreateAsync(secret, cancellationToken);
    }

    public async Task<V1Secret?> TryReplaceAsync(V1Secret secret, CancellationToken cancellationToken)
    {
        await race.ArriveAsync(cancellationToken);
        return await inner.TryReplaceAsync(secret, cancellationToken);
    }

    internal sealed class Race
    {
        private readonly Lock gate = new();
        private int expected;
        private int arrived;
        private TaskCompletionSource all = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The next <paramref name="replicas"/> writes (one per replica) meet before any goes on.</summary>
        public void Arm(int replicas)
        {
            lock (gate)
            {
                expected = replicas;
                arrived = 0;
                all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        public Task ArriveAsync(CancellationToken cancellationToken)
        {
            lock (gate)
            {
                if (expected == 0)
                {
                    return Task.CompletedTask;
                }

                if (++arrived == expected)
                {
                    expected = 0;
                    all.TrySetResult();
                }

                return all.Task.WaitAsync(cancellationToken);
            }
        }
    }
}
