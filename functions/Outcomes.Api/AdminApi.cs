using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Outcomes.Core.Practice;
using Outcomes.Core.Progress;

namespace Outcomes.Api;

/// <summary>The admin routes under <c>api/admin</c>. The host checks the admin key before these run.</summary>
public sealed class AdminApi(PracticeAdministration administration, ClientOutcomes outcomes, ApiSettings settings, ILogger<AdminApi> logger)
{
    public Task<IActionResult> EnrolTherapistAsync(HttpRequest request, CancellationToken cancellationToken) =>
        Handle(request, async body =>
        {
            var therapist = await administration.EnrolTherapistAsync(JsonBody.String(body, "name"), JsonBody.String(body, "email"), JsonBody.String(body, "timeZone"), cancellationToken);
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
