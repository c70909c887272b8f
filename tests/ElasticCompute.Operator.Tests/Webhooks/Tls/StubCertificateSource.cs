using System.Security.Cryptography.X509Certificates;
using ElasticCompute.Operator.Webhooks.Tls;

namespace ElasticCompute.Operator.Tests.Webhooks.Tls;

/// <summary>A source whose CA bundle the test sets.</summary>
internal sealed class StubCertificateSource(string caBundle) : ICertificateSource
{
    private volatile string bundle = caBundle;

    public event Action? Changed;

    public X509Certificate2 Current => throw new NotSupportedException();

    public string CaBundle => bundle;

    public void Set(string caBundle)
    {
        bundle = caBundle;
        Changed?.Invoke();
    }

    public Task WaitForReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
