using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Outcomes.Api.Contracts;
using Outcomes.Practice;
using Outcomes.Practice.Digests;

namespace Outcomes.Api;

/// <summary>
/// The admin routes under <c>api/admin</c>. The host checks the admin key before these run. Every
/// change is in the audit log, by the admin key (the portal's pages name the person instead): the
/// practice's use cases write it, given the caller.
/// </summary>
public sealed class AdminApi(PracticeAdministration administration, ClientOutcomes outcomes, DigestRun digests, PublicLinks links, TimeProvider time, ILogger<AdminApi> logger)
{
    public Task<Results<Created<Enrolled>, ProblemHttpResult>> EnrolTherapistAsync(HttpRequest request, CancellationToken cancellationToken) =>
        Handle<EnrolTherapistRequest, Created<Enrolled>>(request, async body =>
        {
            var therapist = await administration.EnrolTherapistAsync(body.Name, body.Email, body.TimeZone, AdminCaller.Of(request), cancellationToken, body.DigestDay, body.DigestHour, body.ProgressEmails);
            logger.LogInformation("Enrolled therapist {TherapistId}", therapist.Id);
            return TypedResults.Created((string?)null, new Enrolled(therapist.Id));
        });

    public Task<Results<Created<Enrolled>, ProblemHttpResult>> EnrolClientAsync(HttpRequest request, CancellationToken cancellationToken) =>
        Handle<EnrolClientRequest, Created<Enrolled>>(request, async body =>
        {
            var client = await administration.EnrolClientAsync(body.TherapistId, body.DisplayCode, body.Email, body.Instruments?.ToList(), body.CadenceDays, body.TimeZone, AdminCaller.Of(request), cancellationToken);
            logger.LogInformation("Enrolled client {ClientId} with therapist {TherapistId}", client.Id, client.TherapistId);
            return TypedResults.Created((string?)null, new Enrolled(client.Id));
        });

    public Task<Results<Ok<ClientStatusChanged>, ProblemHttpResult>> SetClientStatusAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        Handle<ClientStatusRequest, Ok<ClientStatusChanged>>(request, async body =>
        {
            var client = await administration.SetStatusAsync(id, body.Status, AdminCaller.Of(request), cancellationToken);
            logger.LogInformation("Client {ClientId} is now {Status}", client.Id, client.Status);
            return TypedResults.Ok(new ClientStatusChanged(client.Id, client.Status.ToString().ToLowerInvariant()));
        });

    /// <summary>Moves a client to another therapist; their history moves with them.</summary>
    public Task<Results<Ok<ClientReassigned>, ProblemHttpResult>> ReassignClientAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        Handle<ReassignClientRequest, Ok<ClientReassigned>>(request, async body =>
        {
            var client = await administration.ReassignAsync(id, body.TherapistId, AdminCaller.Of(request), cancellationToken);
            logger.LogInformation("Client {ClientId} is now with therapist {TherapistId}", client.Id, client.TherapistId);
            return TypedResults.Ok(new ClientReassigned(client.Id, client.TherapistId));
        });

    public Task<Results<Created<InvitationIssued>, ProblemHttpResult>> IssueInvitationAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        Handle(request, async () =>
        {
            var (token, invitation) = await administration.IssueInvitationAsync(id, AdminCaller.Of(request), cancellationToken);
            logger.LogInformation("Issued an invitation for client {ClientId}, expiring {ExpiresAt}", id, invitation.ExpiresAt);
            return TypedResults.Created((string?)null, new InvitationIssued(links.Questionnaire(token), invitation.ExpiresAt));
        });

    public Task<Results<Ok<ClientOutcomesResponse>, ProblemHttpResult>> GetOutcomesAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        Handle(request, async () => TypedResults.Ok(OutcomesView.Of(await outcomes.ReadAsync(id, AdminCaller.Of(request), cancellationToken))));

    /// <summary>Sends the weekly digest now: to every therapist, or to the one named by <c>therapistId</c>. The body is optional.</summary>
    public Task<Results<Ok<DigestsSent>, ProblemHttpResult>> RunDigestsAsync(HttpRequest request, CancellationToken cancellationToken) =>
        Handle(request, async () =>
        {
            var body = new RunDigestsRequest();
            if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
            {
                var (read, error) = await JsonBody.ReadAsync<RunDigestsRequest>(request, cancellationToken);
                if (error is not null)
                {
                    return error;
                }

                body = read!;
            }

            var sent = await digests.SendNowAsync(body.TherapistId, time.GetUtcNow(), cancellationToken);
            logger.LogInformation("Digests sent on request: {Count}", sent);
            return (Results<Ok<DigestsSent>, ProblemHttpResult>)TypedResults.Ok(new DigestsSent(sent));
        });

    private Task<Results<TSuccess, ProblemHttpResult>> Handle<TBody, TSuccess>(HttpRequest request, Func<TBody, Task<TSuccess>> action)
        where TBody : class
        where TSuccess : IResult =>
        Handle(request, async () =>
        {
            var (body, error) = await JsonBody.ReadAsync<TBody>(request, request.HttpContext.RequestAborted);
            return error is not null ? error : (Results<TSuccess, ProblemHttpResult>)await action(body!);
        });

    private Task<Results<TSuccess, ProblemHttpResult>> Handle<TSuccess>(HttpRequest request, Func<Task<TSuccess>> action)
        where TSuccess : IResult =>
        Handle(request, async () => (Results<TSuccess, ProblemHttpResult>)await action());

    private Task<Results<TSuccess, ProblemHttpResult>> Handle<TSuccess>(HttpRequest request, Func<Task<Results<TSuccess, ProblemHttpResult>>> action)
        where TSuccess : IResult =>
        AdminCalls.RunAsync(request, logger, action);
}
