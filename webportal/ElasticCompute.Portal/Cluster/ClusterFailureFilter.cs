using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ElasticCompute.Portal.Cluster;

/// <summary>
/// A page whose cluster call failed for the cluster's reasons (unreachable, slow, 5xx) renders again with a message
/// and every bound form value kept, answered 503: never a stack trace or a blank page.
/// </summary>
internal sealed partial class ClusterFailureFilter : IAsyncPageFilter
{
    public const string ProblemKey = "ClusterProblem";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next().ConfigureAwait(false);
        if (executed.Exception is { } failure && !executed.ExceptionHandled && ClusterProblem.IsUnavailable(failure))
        {
            var log = executed.HttpContext.RequestServices.GetRequiredService<ILogger<ClusterFailureFilter>>();
            Unavailable(log, executed.HttpContext.Request.Method, executed.HttpContext.Request.Path, failure.GetType().Name, failure.Message);
            executed.ExceptionHandled = true;
            if (executed.HandlerInstance is PageModel page)
            {
                page.ViewData[ProblemKey] = ClusterProblem.Unavailable;
            }

            executed.Result = new PageResult { StatusCode = StatusCodes.Status503ServiceUnavailable };
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path}: the cluster did not answer ({Kind}: {Reason})")]
    private static partial void Unavailable(ILogger logger, string method, string path, string kind, string reason);
}
