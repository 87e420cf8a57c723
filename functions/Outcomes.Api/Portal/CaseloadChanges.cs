using Microsoft.AspNetCore.Http;
using Outcomes.Practice;
using Outcomes.Views.Portal;

namespace Outcomes.Api.Portal;

/// <summary>
/// What a therapist does for their own caseload from the portal, with the same rules and audit as
/// the admin's API: add a client, show a questionnaire link now (for a tablet in the room), pause
/// and resume invitations, choose what the client sees of their progress, mark a warning sign reviewed. Only for their own clients (anyone else's is 404); an admin may do the
/// same for any client. A change that cannot be made shows the page again saying why, changing nothing.
/// </summary>
public sealed class CaseloadChanges(PortalRequests portal, PortalPages pages, PracticeAdministration administration, IClientRecords clientRecords, IssuedLinks issuedLinks, Outcomes.Practice.Alerts.WarningReviews reviews)
{
    public const string AddClientPath = "/portal/clients";

    public static string LinkPath(string clientId) => $"/portal/clients/{clientId}/link";

    public static string StatusPath(string clientId) => $"/portal/clients/{clientId}/status";

    /// <summary>Adds a client to the signed-in therapist's own caseload; a form with mistakes comes back as typed, each problem in words beside its field.</summary>
    public Task<IResult> AddClientAsync(HttpRequest request, CancellationToken cancellationToken) =>
        portal.SignedInAsync(request, async user =>
        {
            var (form, refusal) = await portal.ReadFormAsync(request, cancellationToken);
            if (refusal is not null)
            {
                return refusal;
            }

            if (!user.IsTherapist)
            {
                return await portal.ForbiddenAsync(request, "Only a therapist adds a client to their own caseload; an admin enrols clients on the practice page.");
            }

            try
            {
                var client = await administration.EnrolClientAsync(
                    user.TherapistId, form!["displayCode"], form["email"], form["instruments"].Where(i => !string.IsNullOrEmpty(i)).Select(i => i!).ToList(),
                    FormWords.Number(form["cadenceDays"]), form["timeZone"], user.Actor, cancellationToken);
                return TypedResults.Redirect(PortalPages.ClientPath(client.Id) + "?done=added");
            }
            catch (InvalidRequestException ex)
            {
                return await pages.CaseloadPageAsync(request, user, StatusCodes.Status400BadRequest, FormWords.StateOf(request, form!, ex.Problems), ex.Problems.Select(p => FormWords.Line(p, form!)).ToList(), cancellationToken, refused: true);
            }
            catch (ConflictException ex)
            {
                return await pages.CaseloadPageAsync(request, user, StatusCodes.Status409Conflict, FormWords.StateOf(request, form!, []), [ex.Message], cancellationToken, refused: true);
            }
        }, returnTo: PortalPages.Home);

    /// <summary>Issues a questionnaire link now and shows it once on the client's page (post/redirect/get: a reload issues no second link).</summary>
    public Task<IResult> IssueLinkAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        OwnClientAsync(request, id, async (user, _, client) =>
        {
            var (token, invitation) = await administration.IssueInvitationAsync(client.Id, user.Actor, cancellationToken);
            issuedLinks.Keep(request.HttpContext, client.Id, token, invitation);
            return TypedResults.Redirect(PortalPages.ClientPath(client.Id) + "?done=link#link");
        }, cancellationToken);

    /// <summary>Pauses or resumes a client's invitations (discharge stays with the admin).</summary>
    public Task<IResult> SetStatusAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        OwnClientAsync(request, id, async (user, form, client) =>
        {
            var status = form["status"].ToString();
            if (status is not ("paused" or "active"))
            {
                throw new InvalidRequestException([new("status", "choose pause or resume")]);
            }

            await administration.SetStatusAsync(client.Id, status, user.Actor, cancellationToken);
            return TypedResults.Redirect(PortalPages.ClientPath(client.Id) + $"?done={status}#status");
        }, cancellationToken);

    public static string SharingPath(string clientId) => $"/portal/clients/{clientId}/sharing";

    /// <summary>Sets what the client sees of their own progress (audited); the page then shows the choice and the preview.</summary>
    public Task<IResult> SetSharingAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        OwnClientAsync(request, id, async (user, form, client) =>
        {
            await administration.SetProgressSharingAsync(client.Id, form["shareProgress"].ToString(), user.Actor, cancellationToken);
            return TypedResults.Redirect(PortalPages.ClientPath(client.Id) + "?done=sharing#sharing");
        }, cancellationToken);

    /// <summary>Marks one of the client's warning signs reviewed (audited): it stays on the page as reviewed and no longer puts the client under "needs attention".</summary>
    public Task<IResult> ReviewAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        OwnClientAsync(request, id, async (user, form, client) =>
        {
            var by = client.TherapistId == user.TherapistId ? $"therapist {user.Name}" : $"admin {user.Name}";
            return await reviews.ReviewAsync(client.Id, form["alert"].ToString(), by, user.Actor, cancellationToken) is null
                ? await portal.NotFoundAsync(request)
                : TypedResults.Redirect(PortalPages.ClientPath(client.Id) + "#prep");
        }, cancellationToken);

    private Task<IResult> OwnClientAsync(HttpRequest request, string id, Func<PortalUser, IFormCollection, ClientProfile, Task<IResult>> change, CancellationToken cancellationToken) =>
        portal.SignedInAsync(request, async user =>
        {
            var (form, refusal) = await portal.ReadFormAsync(request, cancellationToken);
            if (refusal is not null)
            {
                return refusal;
            }

            var client = PracticeAdministration.IsId(id) ? await clientRecords.FindClientAsync(id, cancellationToken) : null;
            if (client is null || !PortalPages.MayRead(user, client))
            {
                return await portal.NotFoundAsync(request);
            }

            try
            {
                return await change(user, form!, client);
            }
            catch (Exception ex) when (ex is ConflictException or InvalidRequestException)
            {
                var why = ex is InvalidRequestException invalid ? string.Join("; ", invalid.Problems.Select(p => FormWords.Line(p, form!))) : ex.Message;
                return await pages.ClientPageAsync(request, user, client.Id, StatusCodes.Status409Conflict, $"Nothing was changed: {why}", cancellationToken);
            }
        }, returnTo: PortalPages.ClientPath(id));
}
