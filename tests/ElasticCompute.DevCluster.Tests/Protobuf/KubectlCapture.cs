using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ElasticCompute.DevCluster.Tests.Protobuf;

/// <summary>
/// Runs kubectl against a bare listener that records the body of each request and answers 415, to see
/// exactly what kubectl sends.
/// </summary>
internal static class KubectlCapture
{
    public static string Kubectl()
    {
        var path = Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "kubectl"))
            .FirstOrDefault(File.Exists);
        if (path is null)
        {
            const string message = "kubectl is not installed";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(message);
            }

            Skip.If(true, message);
        }

        return path!;
    }

    /// <summary>Runs kubectl with <paramref name="args"/> and returns (content type, body) of its first request that has a body.</summary>
    public static async Task<(string ContentType, byte[] Body)> CaptureAsync(params string[] args)
    {
        var kubectl = Kubectl();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var serving = ServeAsync(listener, stop.Token);

        var start = new ProcessStartInfo(kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--server");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KUBECONFIG"] = "/dev/null";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(stop.Token);
        await Task.WhenAll(stdout, stderr);

        var captured = await serving.WaitAsync(stop.Token);
        return captured ?? throw new InvalidOperationException($"kubectl sent no body: {await stderr}");
    }

    private static async Task<(string, byte[])?> ServeAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var client = await listener.AcceptTcpClientAsync(cancellationToken);
            var stream = client.GetStream();
            var (headers, body) = await ReadRequestAsync(stream, cancellationToken);
            var status = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"captured\",\"reason\":\"UnsupportedMediaType\",\"code\":415}";
            var response = $"HTTP/1.1 415 Unsupported Media Type\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(status)}\r\nConnection: close\r\n\r\n{status}";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(response), cancellationToken);
            if (body.Length > 0)
            {
                return (headers.GetValueOrDefault("content-type") ?? string.Empty, body);
            }
        }

        return null;
    }

    private static async Task<(Dictionary<string, string> Headers, byte[] Body)> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        int end;
        while ((end = IndexOfHeaderEnd(buffer)) < 0)
        {
            var n = await stream.ReadAsync(chunk, cancellationToken);
            if (n == 0)
            {
                throw new IOException("kubectl closed the connection mid-request");
            }

            buffer.AddRange(chunk.AsSpan(0, n));
        }

        var head = Encoding.ASCII.GetString(buffer.ToArray(), 0, end);
        var headers = head.Split("\r\n").Skip(1)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var length = headers.TryGetValue("content-length", out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var body = buffer.Skip(end + 4).ToList();
        while (body.Count < length)
        {
            var n = await stream.ReadAsync(chunk, cancellationToken);
            if (n == 0)
            {
                break;
            }

            body.AddRange(chunk.AsSpan(0, n));
        }

        return (headers, body.Take(length).ToArray());
    }

    private static int IndexOfHeaderEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
