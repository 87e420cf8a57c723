using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Outcomes.Practice.Digests;
using Outcomes.Practice;
using Outcomes.Clinical.Progress;

namespace Outcomes.Api;

/// <summary>The admin routes under <c>api/admin</c>. The host checks the admin key before these run.</summary>
public sealed class AdminApi(PracticeAdministration administration, ClientOutcomes outcomes, DigestRun digests, ApiSettings settings, TimeProvider time, ILogger<AdminApi> logger)
{
    public Task<IActionResult> EnrolTherapistAsync(HttpRequest request, CancellationToken cancellationToken) =>
        Handle(request, async body =>
        {
            var fields = new JsonFields(body);
            var (name, email, timeZone, digestDay, digestHour) = (fields.String("name"), fields.String("email"), fields.String("timeZone"), fields.String("digestDay"), fields.Int("digestHour"));
            fields.ThrowIfAny();
            var therapist = await administration.EnrolTherapistAsync(name, email, timeZone, cancellationToken, digestDay, digestHour);
            logger.LogInformation("Enrolled therapist {TherapistId}", therapist.Id);
            return new ObjectResult(new { id = therapist.Id }) { StatusCode = StatusCodes.Status201Created };
        });

    public Task<IActionResult> EnrolClientAsync(HttpRequest request, CancellationToken cancellationToken) =>
        Handle(request, async body =>
        {
            var fields = new JsonFields(body);
            var (therapistId, displayCode, email, instruments, cadenceDays, timeZone) =
                (fields.String("therapistId"), fields.String("displayCode"), fields.String("email"), fields.Strings("instruments"), fields.Int("cadenceDays"), fields.String("timeZone"));
            fields.ThrowIfAny();
            var client = await administration.EnrolClientAsync(therapistId, displayCode, email, instruments, cadenceDays, timeZone, cancellationToken);
            logger.LogInformation("Enrolled client {ClientId} with therapist {TherapistId}", client.Id, client.TherapistId);
            return new ObjectResult(new { id = client.Id }) { StatusCode = StatusCodes.Status201Created };
        });

    public Task<IActionResult> SetClientStatusAsync(HttpRequest request, string clientId, CancellationToken cancellationToken) =>
        Handle(request, async body =>
        {
            var fields = new JsonFields(body);
            var status = fields.String("status");
            fields.ThrowIfAny();
            var client = await administration.SetStatusAsync(clientId, status, cancellationToken);
            logger.LogInformation("Client {ClientId} is now {Status}", client.Id, client.Status);
            return new OkObjectResult(new { id = client.Id, status = client.Status.ToString().ToLowerInvariant() });
        });

    /// <summary>Moves a client to another therapist (<c>{therapistId}</c>); their history moves with them.</summary>
    public Task<IActionResult> ReassignClientAsync(HttpRequest request, string clientId, CancellationToken cancellationToken) =>
        Handle(request, async body =>
        {
            var fields = new JsonFields(body);
            var therapistId = fields.String("therapistId");
            fields.ThrowIfAny();
            var client = await administration.ReassignAsync(clientId, therapistId, cancellationToken);
            logger.LogInformation("Client {ClientId} is now with therapist {TherapistId}", client.Id, client.TherapistId);
            return new OkObjectResult(new { id = client.Id, therapistId = client.TherapistId });
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
                    var fields = new JsonFields(document!.RootElement);
                    therapistId = fields.String("therapistId");
                    fields.ThrowIfAny();
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
        catch (ConflictException ex)
        {
            return new ObjectResult(new { error = ex.Message }) { StatusCode = StatusCodes.Status409Conflict };
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError(ex, "Storage unavailable for {Path}", request.Path.Value);
            return Responses.Unavailable(request.HttpContext.Response);
        }
    }
}
