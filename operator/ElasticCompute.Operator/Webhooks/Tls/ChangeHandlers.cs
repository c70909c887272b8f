using Microsoft.Extensions.Logging;

namespace ElasticCompute.Operator.Webhooks.Tls;

internal static class ChangeHandlers
{
    /// <summary>Calls every handler; one that throws is logged and does not keep the others from hearing.</summary>
    public static void Raise(Action? handlers, ILogger logger)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action>())
        {
            try
            {
                handler();
            }
            catch (Exception e)
            {
                TlsLog.HandlerFailed(logger, e);
            }
        }
    }
}
