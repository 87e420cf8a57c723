using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Outcomes.Practice.Email;

namespace Outcomes.Email;

/// <summary>
/// Azure Communication Services Email through its REST API (<c>POST /emails:send</c>, the GA
/// api-version 2025-09-01, inline images included) on Azure.Core's pipeline. Authenticates with the
/// managed identity (Microsoft Entra ID), or with an access key (HMAC-SHA256) where one is set.
/// Small on purpose: swapping it for the Azure.Communication.Email SDK later is this one class.
/// </summary>
public sealed class AcsEmailSender : IEmailSender
{
    public const string ApiVersion = "2025-09-01";

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly EmailSettings _settings;
    private readonly TimeProvider _time;

    public AcsEmailSender(EmailSettings settings, TokenCredential? credential = null, ClientOptions? options = null, TimeProvider? time = null)
    {
        _settings = settings;
        _time = time ?? TimeProvider.System;
        _endpoint = new Uri(settings.Endpoint ?? throw new InvalidOperationException("Outcomes:Email:Endpoint is not set."));
        HttpPipelinePolicy authentication = string.IsNullOrEmpty(settings.AccessKey)
            ? new BearerTokenAuthenticationPolicy(credential ?? new DefaultAzureCredential(), "https://communication.azure.com//.default")
            : new HmacAuthenticationPolicy(settings.AccessKey, _time);
        // No retries inside the pipeline: a throttled send is deferred by the outbox to the provider's
        // Retry-After, freeing the handler; a risk alert on the urgent lane does not wait behind it.
        var clientOptions = options ?? new AcsClientOptions();
        clientOptions.Retry.MaxRetries = 0;
        _pipeline = HttpPipelineBuilder.Build(clientOptions, authentication);
    }

    public async Task<string?> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        using var request = _pipeline.CreateMessage();
        request.Request.Method = RequestMethod.Post;
        request.Request.Uri.Reset(new Uri(_endpoint, $"/emails:send?api-version={ApiVersion}"));
        request.Request.Headers.Add("Content-Type", "application/json");

        // Every attempt of one email carries the same Operation-Id (the API's idempotency key, derived
        // from the outbox key): a send whose answer was lost is the same operation when tried again,
        // and the delivery report that follows names it (DeliveryReport).
        request.Request.Headers.Add("Operation-Id", OperationId(message.Key).ToString());
        var body = new
        {
            senderAddress = _settings.From,
            recipients = new { to = new[] { new { address = message.To } } },
            content = new { subject = message.Subject, plainText = message.Text, html = message.Html },
            attachments = message.Images.Select(i => new { name = i.ContentId.Split('@')[0] + ".png", contentType = i.ContentType, contentInBase64 = Convert.ToBase64String(i.Content), contentId = i.ContentId }),
        };
        request.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body));

        try
        {
            await _pipeline.SendAsync(request, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 0)
        {
            throw new EmailDeferredException(TimeSpan.FromSeconds(30), "Azure Communication Services did not answer", ex);
        }

        var response = request.Response;
        switch (response.Status)
        {
            case 202:
                break;
            case 408 or 429 or 500 or 502 or 503 or 504:
                throw new EmailDeferredException(RetryAfter(response, _time.GetUtcNow()), $"Azure Communication Services answered {response.Status} {response.ReasonPhrase}".TrimEnd(), new RequestFailedException(response));
            case 400 or 413 or 422:
                // The request itself is refused (e.g. an address ACS will not send to): trying again cannot help.
                // The reason names the status only: ACS's message may quote the address, which logs must not carry.
                throw new EmailRejectedException($"Azure Communication Services refused the email: {response.Status} {response.ReasonPhrase}".TrimEnd());
            default:
                // 401/403 and the like: the app's configuration or role, fixed by an operator; the queue and the redrive retry.
                throw new RequestFailedException(response);
        }

        using var accepted = await JsonDocument.ParseAsync(response.ContentStream!, cancellationToken: cancellationToken);
        return accepted.RootElement.TryGetProperty("id", out var id) ? id.GetString() : null;
    }

    /// <summary>
    /// The provider's Retry-After (seconds or a date); without one, 30 seconds after throttling and
    /// 5 after a server error (a risk alert waits on this); at most an hour.
    /// </summary>
    private static TimeSpan RetryAfter(Response response, DateTimeOffset now)
    {
        var wait = response.Status == 429 ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(5);
        if (response.Headers.TryGetValue("Retry-After", out var value))
        {
            if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                wait = TimeSpan.FromSeconds(seconds);
            }
            else if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
            {
                wait = at - now;
            }
        }
        else if (response.Headers.TryGetValue("retry-after-ms", out var ms) && int.TryParse(ms, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var milliseconds))
        {
            wait = TimeSpan.FromMilliseconds(milliseconds);
        }

        return TimeSpan.FromTicks(Math.Clamp(wait.Ticks, TimeSpan.TicksPerSecond, TimeSpan.TicksPerHour));
    }

    /// <summary>A GUID derived from the outbox key: the first 16 bytes of its SHA-256, which also begin the outbox row's key.</summary>
    public static Guid OperationId(string key) => new(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));

    private sealed class AcsClientOptions : ClientOptions;
}

/// <summary>
/// ACS's HMAC-SHA256 access-key scheme: signs "VERB\npath?query\ndate;host;content-hash" with the
/// decoded access key, and sends it with the date and the content hash it covers.
/// </summary>
public sealed class HmacAuthenticationPolicy(string accessKey, TimeProvider? time = null) : HttpPipelinePolicy
{
    private readonly byte[] _key = Convert.FromBase64String(accessKey);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Sign(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Sign(message);
        return ProcessNextAsync(message, pipeline);
    }

    public static string StringToSign(string method, Uri uri, string date, string contentHash) =>
        $"{method}\n{uri.PathAndQuery}\n{date};{uri.Authority};{contentHash}";

    private void Sign(HttpMessage message)
    {
        var request = message.Request;
        using var body = new MemoryStream();
        request.Content?.WriteTo(body, message.CancellationToken);
        var contentHash = Convert.ToBase64String(SHA256.HashData(body.ToArray()));
        // The service compares this with its own clock (within minutes): in production the system's.
        var date = (time ?? TimeProvider.System).GetUtcNow().ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        var uri = request.Uri.ToUri();
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(StringToSign(request.Method.Method, uri, date, contentHash))));
        request.Headers.SetValue("x-ms-date", date);
        request.Headers.SetValue("x-ms-content-sha256", contentHash);
        request.Headers.SetValue("Authorization", $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
    }
}
