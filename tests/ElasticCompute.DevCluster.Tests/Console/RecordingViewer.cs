using System.Net.WebSockets;
using System.Text;
using ElasticCompute.DevCluster.Server.Simulation.Serial;

namespace ElasticCompute.DevCluster.Tests.Console;

/// <summary>A console viewer without a socket: what it was sent, and how it was closed.</summary>
internal sealed class RecordingViewer : IConsoleViewer
{
    private readonly StringBuilder output = new();
    private readonly Lock gate = new();

    public string Output
    {
        get
        {
            lock (gate)
            {
                return output.ToString();
            }
        }
    }

    public (WebSocketCloseStatus Status, string Reason)? Closed { get; private set; }

    public void Send(string text)
    {
        lock (gate)
        {
            output.Append(text);
        }
    }

    public void Close(WebSocketCloseStatus status, string reason) => Closed ??= (status, reason);

    public void Clear()
    {
        lock (gate)
        {
            output.Clear();
        }
    }
}
