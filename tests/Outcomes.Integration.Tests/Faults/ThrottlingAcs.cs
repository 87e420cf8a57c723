using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Outcomes.Integration.Tests.Faults;

/// <summary>
/// A stand-in for Azure Communication Services' <c>emails:send</c> over real HTTP that throttles as
/// the service does: it accepts one email per <see cref="Interval"/> and answers 429 with a
/// Retry-After otherwise; <see cref="FailNext"/> makes it answer 503 for a burst. It records every
/// email it accepted, with its operation id, and every answer it gave.
/// </summary>
public sealed class ThrottlingAcs : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _gate = new();
    private DateTimeOffset _lastAccepted = DateTimeOffset.MinValue;
    private int _failNext;

    private ThrottlingAcs(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);
    public ConcurrentQueue<(DateTimeOffset At, string OperationId, string Subject)> Accepted { get; } = new();
    public ConcurrentDictionary<int, int> Answers { get; } = new();

    /// <summary>Recipients the provider refuses (400 Bad Request), as it does an address it will not send to.</summary>
    public ConcurrentDictionary<string, bool> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The next <paramref name="count"/> requests get 503 Service Unavailable.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failNext, count);

    public static async Task<ThrottlingAcs> StartAsync(TimeSpan interval)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var acs = new ThrottlingAcs(app) { Interval = interval };
        app.MapPost("/emails:send", (Delegate)acs.SendAsync);
        await app.StartAsync();
        acs.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return acs;
    }

    private async Task<IResult> SendAsync(HttpContext http)
    {
        using var body = await JsonDocument.ParseAsync(http.Request.Body);
        var subject = body.RootElement.GetProperty("content").GetProperty("subject").GetString()!;
        var to = body.RootElement.GetProperty("recipients").GetProperty("to")[0].GetProperty("address").GetString()!;
        var operation = http.Request.Headers["Operation-Id"].ToString();
        int status;
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            if (Refused.ContainsKey(to))
            {
                status = 400;
            }
            else if (_failNext > 0)
            {
                _failNext--;
                status = 503;
            }
            else if (now - _lastAccepted < Interval)
            {
                status = 429;
            }
            else
            {
                _lastAccepted = now;
                Accepted.Enqueue((now, operation, subject));
                status = 202;
            }
        }

        Answers.AddOrUpdate(status, 1, (_, n) => n + 1);
        return status switch
        {
            202 => Results.Json(new { id = operation.Length > 0 ? operation : Guid.NewGuid().ToString(), status = "Running" }, statusCode: 202),
            429 => Throttled(http),
            400 => Results.Json(new { error = new { code = "InvalidRecipient" } }, statusCode: 400),
            _ => Results.Json(new { error = new { code = "ServiceUnavailable" } }, statusCode: 503),
        };
    }

    private IResult Throttled(HttpContext http)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(Interval.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(new { error = new { code = "TooManyRequests" } }, statusCode: 429);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
