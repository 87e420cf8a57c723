using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Outcomes.Core.Digests;
using Outcomes.Core.Practice;
using Outcomes.Core.Progress;

namespace Outcomes.Api;

/// <summary>The admin routes under <c>api/admin</c>. The host checks the admin key before these run.</summary>
public sealed class AdminApi(PracticeAdministration administration, ClientOutcomes outcomes, DigestRun digests, ApiSettings settings, TimeProvider time, ILogger<AdminApi> logger)
{
    public Task<IActionResult> EnrolTherapistAsync(HttpRequest request, CancellationToken cancellationToken) =>
        Handle(request, async body =>
        {
            var therapist = await administration.EnrolTherapistAsync(
                JsonBody.String(body, "name"), JsonBody.String(body, "email"), JsonBody.String(body, "timeZone"), cancellationToken, JsonBody.String(body, "digestDay"), JsonBody.Int(body, "digestHour"));
            logger.LogInformation("Enrolled therapist {TherapistId}", therapist.Id);
            return new ObjectResult(new { id = therapist.Id }) { StatusCode = StatusCodes.Status201Created };
        });

    public Task<IActionResult> EnrolClientAsync(HttpRequest request, CancellationToken cancellationToken) =>
        Handle(request, async body =>
        {
            var client = await administration.EnrolClientAsync(
                JsonBody.String(body, "therapistId"),
                JsonBody.String(body, "displayCode"),
                JsonBody.String(body, "email"),
                JsonBody.Strings(body, "instruments"),
                JsonBody.Int(body, "cadenceDays"),
                JsonBody.String(body, "timeZone"),
                cancellationToken);
            logger.LogInformation("Enrolled client {ClientId} with therapist {TherapistId}", client.Id, client.TherapistId);
            return new ObjectResult(new { id = client.Id }) { StatusCode = StatusCodes.Status201Created };
        });

    public Task<IActionResult> SetClientStatusAsync(HttpRequest request, string clientId, CancellationToken cancellationToken) =>
        Handle(request, async body =>
        {
            var client = await administration.SetStatusAsync(clientId, JsonBody.String(body, "status"), cancellationToken);
            logger.LogInformation("Client {ClientId} is now {Status}", client.Id, client.Status);
            return new OkObjectResult(new { id = client.Id, status = client.Status.ToString().ToLowerInvariant() });
        });

    public Task<IActionResult> IssueInvitationAsync(HttpRequest request, string clientId, CancellationToken cancellationToken) =>
        Handle(request, async () =>
        {
            var (token, invitation) = await administration.IssueInvitationAsync(clientId, cancellationToken);
            logger.LogInformation("Issued an invitation for client {ClientId}, expiring {ExpiresAt}", clientId, invitation.ExpiresAt);
            return new ObjectResult(new { url = $"{BaseUrl(request)}/q/{token}", expiresAt = invitation.ExpiresAt }) { StatusCode = StatusCodes.Status201Created };
        });

    public Task<IActionResult> GetOutcomesAsync(HttpRequest request, string clientId, CancellationToken cancellationToken) =>
        Handle(request, async () => new OkObjectResult(OutcomesView.Of(await outcomes.ReadAsync(clientId, cancellationToken))));

    /// <summary>Sends the weekly digest now: to every therapist, or to the one named by <c>therapistId</c>.</summary>
    public Task<IActionResult> RunDigestsAsync(HttpRequest request, CancellationToken cancellationToken) =>
        Handle(request, async () =>
        {
            string? therapistId = null;
            if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
            {
                var (document, error) = await JsonBody.ReadAsync(request, cancellationToken);
                if (error is not null)
                {
                    return error;
                }

                using (document)
                {
                    therapistId = JsonBody.String(document!.RootElement, "therapistId");
                    if (therapistId is null && document.RootElement.TryGetProperty("therapistId", out _))
                    {
                        return Responses.BadRequest([new("therapistId", "must be a therapist id (a string)")]);
                    }
                }
            }

            var sent = await digests.SendNowAsync(therapistId, time.GetUtcNow(), BaseUrl(request), cancellationToken);
            logger.LogInformation("Digests sent on request: {Count}", sent);
            return new OkObjectResult(new { sent });
        });

    private string BaseUrl(HttpRequest request) =>
        string.IsNullOrWhiteSpace(settings.PublicBaseUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : settings.PublicBaseUrl.TrimEnd('/');

    private Task<IActionResult> Handle(HttpRequest request, Func<System.Text.Json.JsonElement, Task<IActionResult>> action) =>
        Handle(request, async () =>
        {
            var (document, error) = await JsonBody.ReadAsync(request, request.HttpContext.RequestAborted);
            if (error is not null)
            {
                return error;
            }

            using (document)
            {
                return await action(document!.RootElement);
            }
        });

    private async Task<IActionResult> Handle(HttpRequest request, Func<Task<IActionResult>> action)
    {
        try
        {
            return await action();
        }
        catch (InvalidRequestException ex)
        {
            return Responses.BadRequest(ex.Problems);
        }
        catch (NotFoundException ex)
        {
            return Responses.NotFound(ex.Message);
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError(ex, "Storage unavailable for {Path}", request.Path.Value);
            return Responses.Unavailable(request.HttpContext.Response);
        }
    }
}
