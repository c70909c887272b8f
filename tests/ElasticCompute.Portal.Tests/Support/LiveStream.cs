using System.Net;
using System.Text;
using Microsoft.Playwright;

namespace ElasticCompute.Portal.Tests.Support;

/// <summary>
/// A server-sent events stream read as a browser's EventSource reads it, with the cookies of a browser that signed in:
/// the events (name, data, id) and comments, line by line.
/// </summary>
internal sealed class LiveStream(HttpResponseMessage response, StreamReader reader) : IAsyncDisposable
{
    public HttpStatusCode Status => response.StatusCode;

    public string? ContentType => response.Content.Headers.ContentType?.MediaType;

    /// <summary>An HttpClient carrying the session cookie a browser page got by signing in.</summary>
    public static async Task<HttpClient> ClientOfAsync(IPage page, Uri portal)
    {
        var cookies = new CookieContainer();
        foreach (var c in await page.Context.CookiesAsync())
        {
            cookies.Add(new System.Net.Cookie(c.Name, c.Value, c.Path, c.Domain));
        }

        return new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = portal, Timeout = Timeout.InfiniteTimeSpan };
    }

    public static async Task<LiveStream> OpenAsync(HttpClient http, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        return new LiveStream(response, reader);
    }

    /// <summary>Reads events until one satisfies <paramref name="match"/>; fails after <paramref name="within"/>.</summary>
    public async Task<LiveMessage> NextAsync(Func<LiveMessage, bool> match, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        string? name = null, id = null;
        var data = new StringBuilder();
        try
        {
            while (true)
            {
                var line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the stream ended");
                if (line.Length == 0)
                {
                    if (name is not null || data.Length > 0)
                    {
                        var message = new LiveMessage(name ?? "message", data.ToString(), id);
                        if (match(message))
                        {
                            return message;
                        }
                    }

                    (name, id) = (null, null);
                    data.Clear();
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Append(line["data: ".Length..]);
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line["id: ".Length..];
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"no matching event within {within.TotalSeconds} s");
        }
    }

    public async ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        await Task.CompletedTask;
    }

    /// <summary>Reads until a comment line equal to <paramref name="comment"/> arrives.</summary>
    public async Task CommentAsync(string comment, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line == comment)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
        }

        throw new TimeoutException($"no comment \"{comment}\" within {within.TotalSeconds} s");
    }
}

internal sealed record LiveMessage(string Event, string Data, string? Id);
