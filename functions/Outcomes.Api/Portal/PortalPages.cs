using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Clinical.Instruments;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Charts;
using Outcomes.Practice.Digests;
using Outcomes.Views.Portal;

namespace Outcomes.Api.Portal;

/// <summary>
/// The therapist's side of the portal: the caseload (<c>/portal</c>), a client's page and its
/// print view, and acknowledging a risk alert from it; and signing in and out. A therapist reaches
/// only their own clients (anyone else's is 404, the same as no client); an admin reaches every
/// client. Every view and change is in the audit log, naming the person.
/// </summary>
public sealed class PortalPages(PortalRequests portal, CaseloadView caseloads, ClientOutcomes outcomes, RiskAlerts alerts, IClientRecords clientRecords, InstrumentCatalog instruments, HtmlPage page, KeptForm kept, IssuedLinks issuedLinks, PracticeSettings practice)
{
    public const string Home = "/portal";

    public static string ClientPath(string clientId) => $"/portal/clients/{clientId}";

    public static string AcknowledgePath(string clientId) => $"/portal/clients/{clientId}/acknowledge";

    /// <summary>Said above an acknowledgement kept through sign-in: it was not sent, and is one press from being sent.</summary>
    public const string SessionEndedBeforeAcknowledging =
        "Your session had ended before this was sent, so the alert is not yet acknowledged and nothing was changed. Your note is kept here: press “I have seen this alert” to acknowledge it now.";

    public Task<IResult> ShowCaseloadAsync(HttpRequest request, CancellationToken cancellationToken) =>
        portal.SignedInAsync(request, async user =>
        {
            if (!user.IsTherapist)
            {
                return user.IsAdmin
                    ? TypedResults.Redirect(AdminPages.Home)
                    : await portal.ForbiddenAsync(request, $"You are signed in as {user.Email}, who is not a therapist or an admin of this clinic. An admin can enrol you with this email address.");
            }

            // An add-client form whose session ended on the way: shown filled in, to send again.
            return kept.Take(request.HttpContext, CaseloadChanges.AddClientPath) is { } fields
                ? await CaseloadPageAsync(request, user, StatusCodes.Status200OK, new FormState(CaseloadChanges.AddClientPath, fields, new Dictionary<string, string>()), [AdminPages.SessionEndedBeforeSaving], cancellationToken)
                : await CaseloadPageAsync(request, user, StatusCodes.Status200OK, null, null, cancellationToken);
        });

    /// <summary>The caseload, with the add-client form as typed and what is wrong with it when <paramref name="form"/> is given.</summary>
    public async Task<IResult> CaseloadPageAsync(HttpRequest request, PortalUser user, int status, FormState? form, IReadOnlyList<string>? problems, CancellationToken cancellationToken, bool refused = false)
    {
        if (await caseloads.ReadAsync(user.TherapistId!, user.Actor, cancellationToken) is not { } snapshot)
        {
            return await portal.NotFoundAsync(request);
        }

        return await page.SendAsync<CaseloadPortalPage>(request, status, new()
        {
            ["Chrome"] = portal.Chrome(request, user),
            ["Snapshot"] = snapshot,
            ["Search"] = request.Query["q"].ToString().Trim(),
            ["Show"] = request.Query["show"].ToString(),
            ["Instruments"] = instruments,
            ["Form"] = form,
            ["Problems"] = problems,
            ["Refused"] = refused,
        });
    }

    public Task<IResult> ShowClientAsync(HttpRequest request, string id, bool print, CancellationToken cancellationToken) =>
        portal.SignedInAsync(request, async user =>
        {
            if (await outcomes.ReadCourseAsync(id, user.Actor, client => MayRead(user, client), cancellationToken) is not { } course)
            {
                return await portal.NotFoundAsync(request);
            }

            // An acknowledgement whose session ended on the way: shown filled in, to send again.
            var again = print ? null : kept.Take(request.HttpContext, AcknowledgePath(id));

            // A choice of what the client sees, likewise: shown chosen, to save again.
            var sharing = print ? null : kept.Take(request.HttpContext, CaseloadChanges.SharingPath(id))?.GetValueOrDefault("shareProgress");
            return await ClientPageAsync(request, user, course, print, StatusCodes.Status200OK,
                again?.GetValueOrDefault("alert") is { Length: > 0 } alertKey ? (alertKey, again.GetValueOrDefault("note") ?? "", SessionEndedBeforeAcknowledging) : null,
                print ? null : Done(request, course.Client.Id),
                Enum.TryParse<ProgressSharing>(sharing, out var choice) && Enum.IsDefined(choice) ? choice : null);
        });

    /// <summary>The client's page again after a change that could not be made, saying why.</summary>
    public async Task<IResult> ClientPageAsync(HttpRequest request, PortalUser user, string id, int status, string notice, CancellationToken cancellationToken) =>
        await outcomes.ReadCourseAsync(id, user.Actor, client => MayRead(user, client), cancellationToken) is { } course
            ? await ClientPageAsync(request, user, course, print: false, status, notice: new ClientNotice(notice, IsProblem: true))
            : await portal.NotFoundAsync(request);

    /// <summary>What the last change from this page did (fixed wording from the query; a link issued, from its sealed cookie, once).</summary>
    private ClientNotice? Done(HttpRequest request, string clientId) => request.Query["done"].ToString() switch
    {
        "added" => new ClientNotice("The client is on your caseload; their first questionnaire link goes out by email at the next sending hour. To show one now, use “Show a questionnaire link now” below."),
        "paused" => new ClientNotice("Invitations are paused: no questionnaire links go out until you resume them."),
        "active" => new ClientNotice("Invitations are resumed: the next link goes out on the client's schedule."),
        "sharing" => new ClientNotice("Saved: what the client sees of their progress is below, with a preview."),
        "link" => issuedLinks.Take(request.HttpContext, clientId) is var (link, until)
            ? new ClientNotice($"A questionnaire link, to open on a device in the room or to give the client; it works once, until {until} (UTC). It is shown this once: reloading the page does not make another.", link)
            : new ClientNotice("A questionnaire link was shown once and is not kept anywhere. If it was lost, show another: the earlier one keeps working until it is used or expires."),
        _ => null,
    };

    /// <summary>Acknowledges one of the client's risk alerts, with an optional note; a note that cannot be kept shows the page again (400) and acknowledges nothing.</summary>
    public Task<IResult> AcknowledgeAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        portal.SignedInAsync(request, async user =>
        {
            var (form, refusal) = await portal.ReadFormAsync(request, cancellationToken);
            if (refusal is not null)
            {
                return refusal;
            }

            var client = PracticeAdministration.IsId(id) ? await clientRecords.FindClientAsync(id, cancellationToken) : null;
            if (client is null || !MayRead(user, client))
            {
                return await portal.NotFoundAsync(request);
            }

            var alertKey = form!["alert"].ToString();
            var (note, problem) = RiskAlerts.ReadNote(form["note"].ToString());
            if (problem is not null)
            {
                var course = await outcomes.ReadCourseAsync(id, user.Actor, _ => true, cancellationToken);
                return await ClientPageAsync(request, user, course!, print: false, StatusCodes.Status400BadRequest, (alertKey, form["note"].ToString(), problem));
            }

            var by = client.TherapistId == user.TherapistId ? $"therapist {user.Name}" : $"admin {user.Name}";
            return await alerts.AcknowledgeAsync(id, alertKey, by, user.Actor, note, cancellationToken) is null
                ? await portal.NotFoundAsync(request)
                : TypedResults.Redirect(ClientPath(id) + "#alerts");
        }, returnTo: ClientPath(id));

    /// <summary>The provider's redirect back with the code: the sign-in handler redeems it (with PKCE), starts the session and sends the person on.</summary>
    public static async Task<IResult> CompleteSignInAsync(HttpContext context)
    {
        var handlers = context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
        return await handlers.GetHandlerAsync(context, PortalIdentity.ProviderScheme) is IAuthenticationRequestHandler handler && await handler.HandleRequestAsync()
            ? Results.Empty
            : Results.NotFound();
    }

    /// <summary>A sign-in that could not complete (a stale or replayed return from the provider).</summary>
    public async Task SignInFailedAsync(HttpContext context)
    {
        var result = await portal.MessageAsync(context.Request, StatusCodes.Status400BadRequest, "Sign-in did not complete",
            "The sign-in took too long or was already used. Nothing was changed.", "Open the portal again to sign in afresh.");
        await result.ExecuteAsync(context);
    }

    public Task<IResult> SignOutAsync(HttpRequest request, CancellationToken cancellationToken) =>
        portal.SignedInAsync(request, async _ =>
        {
            var (_, refusal) = await portal.ReadFormAsync(request, cancellationToken);
            if (refusal is not null)
            {
                return refusal;
            }

            await request.HttpContext.SignOutAsync(PortalIdentity.SessionScheme);
            return await portal.MessageAsync(request, StatusCodes.Status200OK, "Signed out", "You are signed out of the portal on this device.");
        }, returnTo: Home);

    /// <summary>A therapist reaches their own clients; an admin every client.</summary>
    public static bool MayRead(PortalUser user, ClientProfile client) => user.IsAdmin || client.TherapistId == user.TherapistId;

    private Task<IResult> ClientPageAsync(HttpRequest request, PortalUser user, ClientCourse course, bool print, int status, (string AlertKey, string Note, string Problem)? refused = null, ClientNotice? notice = null, ProgressSharing? keptSharing = null) =>
        page.SendAsync<ClientPortalPage>(request, status, new()
        {
            ["Chrome"] = portal.Chrome(request, user),
            ["Course"] = course,
            ["Instruments"] = instruments,
            ["Charts"] = instruments.InDisplayOrder(course.Progress.Instruments.Select(p => p.Instrument.Id))
                .Select(id => course.Progress.Instruments.First(p => p.Instrument.Id == id))
                .Select(p => ScoreChart.Of(p.Instrument, p.Series, course.Progress.Findings, course.TimeZone, p.Expected))
                .ToList(),
            ["Prep"] = SessionPrep.Of(course, instruments),
            ["Print"] = print,
            ["Full"] = print && request.Query["full"] == "true",
            ["Refused"] = refused,
            ["Notice"] = notice,
            ["CrisisResources"] = practice.CrisisResources,
            ["ClinicContact"] = practice.ClinicContact,
            ["KeptSharing"] = keptSharing,
        });
}
