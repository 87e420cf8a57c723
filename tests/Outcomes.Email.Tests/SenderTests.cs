using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Outcomes.Practice.Email;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Outcomes.Email.Tests;

/// <summary>Each sender against the real thing it talks to: a folder, an SMTP server, an HTTP endpoint that checks ACS's signature.</summary>
public class SenderTests
{
    private static readonly EmailMessage Message = new(
        "invitation:client-1:2026-11-30",
        "client@clinic.example",
        "Time for your weekly check-in",
        "Please answer a few questions: https://outcomes.example/q/abc",
        "<p>Please answer a few questions: <a href=\"https://outcomes.example/q/abc\">check in</a></p>");

    private static readonly EmailMessage WithChart = new(
        "digest:t:2026-11-30",
        "dr@clinic.example",
        "Your weekly digest",
        "Digest",
        "<p>Digest</p><img src=\"cid:chart-1@outcomes\" alt=\"Chart\">")
    {
        Images = [new InlineImage("chart-1@outcomes", "image/png", [0x89, 0x50, 0x4E, 0x47, 1, 2, 3])],
    };

    [Fact]
    public async Task Folder_WritesAnEmlWithTextAndHtmlParts()
    {
        var folder = Directory.CreateTempSubdirectory("outcomes-eml-").FullName;
        try
        {
            var sender = new FolderEmailSender(new EmailSettings { Folder = folder, From = "clinic@outcomes.example" }, TimeProvider.System);
            var name = await sender.SendAsync(Message, CancellationToken.None);

            var mime = await MimeMessage.LoadAsync(Path.Combine(folder, name!));
            Assert.Equal("client@clinic.example", mime.To.Mailboxes.Single().Address);
            Assert.Equal("clinic@outcomes.example", mime.From.Mailboxes.Single().Address);
            Assert.Equal(Message.Subject, mime.Subject);
            Assert.Equal(Message.Text, mime.TextBody!.Trim());
            Assert.Equal(Message.Html, mime.HtmlBody!.Trim());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Smtp_DeliversToARealSmtpServerWithBothParts()
    {
        var port = FreePort();
        var store = new CapturingStore();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        using var stop = new CancellationTokenSource();
        var server = new SmtpServer.SmtpServer(options, services);
        var running = server.StartAsync(stop.Token);

        var sender = new SmtpEmailSender(new EmailSettings { SmtpHost = "127.0.0.1", SmtpPort = port, SmtpSecurity = "None", From = "clinic@outcomes.example" });
        var id = await sender.SendAsync(Message, CancellationToken.None);

        var received = Assert.Single(store.Messages);
        Assert.Equal(Message.Subject, received.Subject);
        Assert.Equal(Message.Text, received.TextBody!.Trim());
        Assert.Equal(Message.Html, received.HtmlBody!.Trim());
        Assert.Equal(id, received.MessageId);
        await stop.CancelAsync();
        await running.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task Acs_SendsTheRestRequestWithAValidHmacSignature()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        await using var acs = await FakeAcs.StartAsync(key);
        var sender = new AcsEmailSender(new EmailSettings { Endpoint = acs.Url, AccessKey = key, From = "DoNotReply@clinic.azurecomm.net" });

        var id = await sender.SendAsync(Message, CancellationToken.None);

        Assert.Equal(AcsEmailSender.OperationId(Message.Key).ToString(), id); // ACS names the operation by the id it was given
        var request = Assert.Single(acs.Requests);
        Assert.Equal($"/emails:send?api-version={AcsEmailSender.ApiVersion}", request.PathAndQuery);
        Assert.Equal(AcsEmailSender.OperationId(Message.Key).ToString(), request.OperationId);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("DoNotReply@clinic.azurecomm.net", body.RootElement.GetProperty("senderAddress").GetString());
        Assert.Equal(Message.To, body.RootElement.GetProperty("recipients").GetProperty("to")[0].GetProperty("address").GetString());
        Assert.Equal(Message.Text, body.RootElement.GetProperty("content").GetProperty("plainText").GetString());
        Assert.Equal(Message.Html, body.RootElement.GetProperty("content").GetProperty("html").GetString());
    }

    [Fact]
    public async Task Acs_WithTheWrongKeyIsRefusedAndTheSendFails()
    {
        await using var acs = await FakeAcs.StartAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
        var sender = new AcsEmailSender(new EmailSettings { Endpoint = acs.Url, AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)), From = "x@y.example" });

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => sender.SendAsync(Message, CancellationToken.None));
        Assert.Equal(401, error.Status);
    }

    [Fact]
    public async Task Acs_SendsInlineImagesAsAttachmentsWithTheirContentIds()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        await using var acs = await FakeAcs.StartAsync(key);
        var sender = new AcsEmailSender(new EmailSettings { Endpoint = acs.Url, AccessKey = key, From = "DoNotReply@clinic.azurecomm.net" });

        await sender.SendAsync(WithChart, CancellationToken.None);

        var request = Assert.Single(acs.Requests);
        Assert.Equal("/emails:send?api-version=2025-09-01", request.PathAndQuery); // the GA version, which takes inline attachments
        using var body = JsonDocument.Parse(request.Body);
        var attachment = Assert.Single(body.RootElement.GetProperty("attachments").EnumerateArray());
        Assert.Equal("chart-1@outcomes", attachment.GetProperty("contentId").GetString());
        Assert.Equal("image/png", attachment.GetProperty("contentType").GetString());
        Assert.Equal(WithChart.Images[0].Content, Convert.FromBase64String(attachment.GetProperty("contentInBase64").GetString()!));
    }

    [Fact]
    public async Task Folder_LinksInlineImagesToTheHtmlByContentId()
    {
        var folder = Directory.CreateTempSubdirectory("outcomes-eml-").FullName;
        try
        {
            var name = await new FolderEmailSender(new EmailSettings { Folder = folder }, TimeProvider.System).SendAsync(WithChart, CancellationToken.None);

            var mime = await MimeMessage.LoadAsync(Path.Combine(folder, name!));
            var related = mime.BodyParts.OfType<MimePart>().Single(p => p.ContentType.MimeType == "image/png");
            Assert.Equal("chart-1@outcomes", related.ContentId);
            Assert.Contains("cid:chart-1@outcomes", mime.HtmlBody, StringComparison.Ordinal);
            using var content = new MemoryStream();
            await related.Content!.DecodeToAsync(content);
            Assert.Equal(WithChart.Images[0].Content, content.ToArray());
            Assert.Empty(Directory.GetFiles(folder, "*.partial"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void OperationId_IsStablePerEmail()
    {
        Assert.Equal(AcsEmailSender.OperationId("a"), AcsEmailSender.OperationId("a"));
        Assert.NotEqual(AcsEmailSender.OperationId("a"), AcsEmailSender.OperationId("b"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class CapturingStore : MessageStore
    {
        public ConcurrentBag<MimeMessage> Messages { get; } = [];

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Add(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }

    /// <summary>
    /// Stands in for ACS's emails:send, checking the request the way the service does: the content
    /// hash against the body, then the HMAC-SHA256 signature over verb, path, date, host and hash.
    /// </summary>
    private sealed class FakeAcs : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeAcs(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }
        public ConcurrentQueue<(string PathAndQuery, string? OperationId, string Body)> Requests { get; } = new();

        public static async Task<FakeAcs> StartAsync(string accessKey)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            FakeAcs? self = null;
            app.MapPost("/emails:send", async (HttpContext http) =>
            {
                using var reader = new StreamReader(http.Request.Body);
                var body = await reader.ReadToEndAsync();
                var date = http.Request.Headers["x-ms-date"].ToString();
                var hash = http.Request.Headers["x-ms-content-sha256"].ToString();
                var authorization = http.Request.Headers.Authorization.ToString();
                var expectedHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
                var pathAndQuery = http.Request.Path + http.Request.QueryString;
                var toSign = $"POST\n{pathAndQuery}\n{date};{http.Request.Host};{hash}";
                var expected = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(accessKey), Encoding.UTF8.GetBytes(toSign)));
                var fresh = DateTimeOffset.TryParse(date, out var at) && Math.Abs((DateTimeOffset.UtcNow - at).TotalMinutes) < 15;
                if (hash != expectedHash || !fresh || authorization != $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={expected}")
                {
                    return Results.Json(new { error = new { code = "Denied", message = "Denied by the fake ACS: bad signature" } }, statusCode: 401);
                }

                var operation = http.Request.Headers["Operation-Id"].ToString();
                self!.Requests.Enqueue((pathAndQuery, operation, body));
                return Results.Json(new { id = operation.Length > 0 ? operation : "operation-1", status = "Running" }, statusCode: 202);
            });
            await app.StartAsync();
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            self = new FakeAcs(app, url);
            return self;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
