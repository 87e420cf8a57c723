using Microsoft.AspNetCore.Http;

namespace Outcomes.Api;

/// <summary>
/// Headers every response carries, whichever host serves it: nothing cached (answers, scores and
/// links are personal), no content sniffing, and no Server header naming the software.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Sets the headers just before the response starts, so that a handler's own Cache-Control still stands.</summary>
    public static void ApplyWhenStarting(HttpResponse response) =>
        response.OnStarting(() =>
        {
            var headers = response.Headers;
            if (string.IsNullOrEmpty(headers.CacheControl))
            {
                headers.CacheControl = "no-store";
            }

            headers.XContentTypeOptions = "nosniff";
            headers.Remove("Server");
            return Task.CompletedTask;
        });
}
