using System.Globalization;
using Microsoft.AspNetCore.Http;
using Outcomes.Clinical.Instruments;
using Outcomes.Practice;
using Outcomes.Practice.Data;
using Outcomes.Views.Portal;

namespace Outcomes.Api.Portal;

/// <summary>
/// The admin's side of the portal: the practice page (therapists and clients — list, enrol, pause,
/// resume, discharge, move, issue a link — and the practice's health) and the audit log. Only
/// admins; a therapist is told the page is not for their role. Every change is audited, naming the
/// admin; a change that cannot be made shows the page again with what is wrong, changing nothing.
/// </summary>
public sealed class AdminPages(
    PortalRequests portal,
    PracticeAdministration administration,
    ITherapists therapists,
    IClientRecords clientRecords,
    PracticeHealth health,
    IAuditLog audit,
    InstrumentCatalog instruments,
    IssuedLinks issuedLinks,
    HtmlPage page,
    IPortalSessions sessions,
    KeptForm kept,
    TimeProvider time)
{
    public const string Home = "/portal/admin";
    public const int MaxAuditDays = 90;

    /// <summary>Said above an enrol form kept through sign-in: it was not saved, and is one press from being saved.</summary>
    public const string SessionEndedBeforeSaving =
        "Your session had ended before this was sent, so nothing was saved. What you typed is kept below: press the button to save it.";

    public Task<IResult> ShowPracticeAsync(HttpRequest request, CancellationToken cancellationToken) =>
        portal.AdminAsync(request, user => PracticePageAsync(request, user, StatusCodes.Status200OK, KeptNotice(request) ?? Notice(request), cancellationToken));

    /// <summary>A link issued by the last post (shown once), or an enrol form whose session ended on the way (shown filled in).</summary>
    private PracticeNotice? KeptNotice(HttpRequest request)
    {
        if (request.Query["done"] == "link-issued" && request.Query["client"].ToString() is { Length: > 0 } clientId)
        {
            return issuedLinks.Take(request.HttpContext, clientId) is var (link, until)
                ? new PracticeNotice($"A questionnaire link for this client, to give them; it works once, until {until} (UTC). It is shown this once: reloading the page does not make another.", link, ClientId: clientId)
                : new PracticeNotice("A questionnaire link was issued and shown once; it is not kept anywhere. If it was lost, issue another: the earlier one keeps working until it is used or expires.", ClientId: clientId);
        }

        foreach (var action in (string[])[ClientsAction, TherapistsAction])
        {
            if (kept.Take(request.HttpContext, action) is { } fields)
            {
                return new PracticeNotice(SessionEndedBeforeSaving, Problems: [], Form: new FormState(action, fields, new Dictionary<string, string>()));
            }
        }

        return null;
    }

    private const string ClientsAction = "/portal/admin/clients";
    private const string TherapistsAction = "/portal/admin/therapists";

    /// <summary>
    /// The audit log: from and to a date (UTC; the last 7 days by default, at most <see cref="MaxAuditDays"/>),
    /// for one client by display code (or id), one therapist's clients and doings, and who did it; people
    /// and clients shown by name and display code.
    /// </summary>
    public Task<IResult> ShowAuditAsync(HttpRequest request, CancellationToken cancellationToken) =>
        portal.AdminAsync(request, async user =>
        {
            var now = time.GetUtcNow();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            string fromGiven = request.Query["from"].ToString(), toGiven = request.Query["to"].ToString(), daysGiven = request.Query["days"].ToString();
            DateOnly? from = Date(fromGiven), to = Date(toGiven);
            var days = 7;
            if (daysGiven.Length > 0 && !(int.TryParse(daysGiven, NumberStyles.None, CultureInfo.InvariantCulture, out days) && days is >= 1 and <= MaxAuditDays))
            {
                return await portal.MessageAsync(request, StatusCodes.Status400BadRequest, "The audit log cannot show that", $"Days must be a whole number from 1 to {MaxAuditDays}.");
            }

            var last = to ?? today;
            var first = from ?? last.AddDays(1 - days);
            if ((fromGiven.Length > 0 && from is null) || (toGiven.Length > 0 && to is null) || first > last || last.DayNumber - first.DayNumber + 1 > MaxAuditDays)
            {
                return await portal.MessageAsync(request, StatusCodes.Status400BadRequest, "The audit log cannot show that", $"Choose dates as year-month-day, the first no later than the last, at most {MaxAuditDays} days apart.");
            }

            var clients = await clientRecords.ListClientsAsync(cancellationToken);
            var staff = await therapists.ListTherapistsAsync(cancellationToken);
            var code = request.Query["code"].ToString().Trim();
            var clientId = request.Query["client"].ToString().Trim();
            var therapistId = request.Query["therapist"].ToString();
            var who = request.Query["who"].ToString().Trim();
            var byCode = code.Length == 0 ? null : clients.Where(c => string.Equals(c.DisplayCode, code, StringComparison.OrdinalIgnoreCase)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            var therapist = staff.FirstOrDefault(t => t.Id == therapistId);
            var theirs = therapist is null ? null : clients.Where(c => c.TherapistId == therapist.Id).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            var entries = (await audit.ReadAsync(new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), cancellationToken))
                .Where(e => clientId.Length == 0 || string.Equals(e.ClientId, clientId, StringComparison.OrdinalIgnoreCase))
                .Where(e => byCode is null || (e.ClientId is { } id && byCode.Contains(id)))
                .Where(e => theirs is null || (e.ClientId is { } id2 && theirs.Contains(id2)) || e.Actor.StartsWith(therapist!.Email + " ", StringComparison.OrdinalIgnoreCase))
                .Where(e => who.Length == 0 || e.Actor.Contains(who, StringComparison.OrdinalIgnoreCase))
                .ToList();
            await audit.AppendAsync(new AuditEntry(now, user.Actor, AuditActions.AuditRead, null, $"audit log: {first:yyyy-MM-dd} to {last:yyyy-MM-dd}, {entries.Count} entries"), cancellationToken);
            return await page.SendAsync<AuditPortalPage>(request, StatusCodes.Status200OK, new()
            {
                ["Chrome"] = portal.Chrome(request, user),
                ["Entries"] = entries,
                ["From"] = first,
                ["To"] = last,
                ["Code"] = code.Length > 0 ? code : clients.FirstOrDefault(c => c.Id == clientId)?.DisplayCode ?? "",
                ["TherapistId"] = therapist?.Id ?? "",
                ["Who"] = who,
                ["Clients"] = clients,
                ["Therapists"] = staff.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList(),
            });
        });

    private static DateOnly? Date(string? given) =>
        DateOnly.TryParseExact(given, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public Task<IResult> EnrolTherapistAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request, async (user, form) =>
        {
            // The form always has an hour (8 is filled in): one left empty or not a number is said, never taken as 8.
            var hour = FormWords.Number(form["digestHour"]);
            var problems = administration.CheckTherapist(form["name"], form["email"], form["timeZone"], Blank(form["digestDay"]) ?? "monday", hour, Blank(form["progressEmails"]));
            if (problems.Count > 0)
            {
                throw new InvalidRequestException(problems);
            }

            await administration.EnrolTherapistAsync(form["name"], form["email"], form["timeZone"], user.Actor, cancellationToken, Blank(form["digestDay"]), hour, Blank(form["progressEmails"]));
            return TypedResults.Redirect($"{Home}?done=therapist-enrolled");
        }, cancellationToken);

    public Task<IResult> EnrolClientAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request, async (user, form) =>
        {
            var client = await administration.EnrolClientAsync(
                form["therapistId"], form["displayCode"], form["email"], Instruments(form), FormWords.Number(form["cadenceDays"]), form["timeZone"], user.Actor, cancellationToken);
            return TypedResults.Redirect($"{Home}?done=client-enrolled&client={client.Id}");
        }, cancellationToken);

    /// <summary>Ends every portal session of one person, on every device (a lost laptop); audited with how many.</summary>
    public Task<IResult> EndSessionsAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request, async (user, form) =>
        {
            var email = form["email"].ToString().Trim();
            if (!EmailAddress.IsDeliverable(email))
            {
                throw new InvalidRequestException([new Problem("email", "is not an email address (name@example.org)")]);
            }

            var ended = await sessions.EndAllAsync(email, cancellationToken);
            await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), user.Actor, AuditActions.SessionsEnded, null, $"{ended} sessions of {email} ended"), cancellationToken);
            return TypedResults.Redirect($"{Home}?done=sessions-ended&count={ended}");
        }, cancellationToken);

    /// <summary>Changes when a therapist's digest comes (day, hour) and where their good news goes.</summary>
    public Task<IResult> ChangeTherapistAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        ChangeAsync(request, async (user, form) =>
        {
            await administration.ChangeDigestAsync(id, form["digestDay"], FormWords.Number(form["digestHour"]), Blank(form["progressEmails"]), user.Actor, cancellationToken);
            return TypedResults.Redirect($"{Home}?done=therapist-changed");
        }, cancellationToken);

    /// <summary>One change to a client, named by the form's <c>change</c>: <c>invite</c>, <c>questionnaires</c> (with <c>instruments</c> and <c>cadenceDays</c>), <c>status:paused|active|discharged</c>, or <c>therapist:{id}</c>.</summary>
    public Task<IResult> ChangeClientAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        ChangeAsync(request, async (user, form) =>
        {
            var change = form["change"].ToString();
            if (change == "invite")
            {
                var (token, invitation) = await administration.IssueInvitationAsync(id, user.Actor, cancellationToken);

                // Post/redirect/get, so that a reload cannot issue a second link.
                issuedLinks.Keep(request.HttpContext, id, token, invitation);
                return TypedResults.Redirect($"{Home}?done=link-issued&client={id}");
            }

            if (change == "status:discharged" && form["confirm"] != "yes")
            {
                // Discharge closes the client's links and stops their invitations: asked once more, on its own.
                var client = await clientRecords.FindClientAsync(id, cancellationToken) ?? throw new NotFoundException($"No client '{id}'.");
                return await page.SendAsync<ConfirmDischargePage>(request, StatusCodes.Status200OK, new()
                {
                    ["Chrome"] = portal.Chrome(request, user),
                    ["Client"] = client,
                    ["Action"] = request.Path.Value,
                    ["Back"] = Home + "#clients",
                });
            }

            if (change == "questionnaires")
            {
                await administration.ChangeQuestionnairesAsync(id, Instruments(form), FormWords.Number(form["cadenceDays"]), user.Actor, cancellationToken);
                return TypedResults.Redirect($"{Home}?done=client-changed&client={id}");
            }

            if (change.StartsWith("status:", StringComparison.Ordinal))
            {
                await administration.SetStatusAsync(id, change["status:".Length..], user.Actor, cancellationToken);
                return TypedResults.Redirect($"{Home}?done=client-changed&client={id}");
            }

            if (change.StartsWith("therapist:", StringComparison.Ordinal))
            {
                await administration.ReassignAsync(id, change["therapist:".Length..], user.Actor, cancellationToken);
                return TypedResults.Redirect($"{Home}?done=client-changed&client={id}");
            }

            throw new InvalidRequestException([new("change", "choose what to change: a link, a status or another therapist")]);
        }, cancellationToken);

    /// <summary>A change from a form: checked (size, encoding, antiforgery) first; a refusal shows the practice page again with what is wrong.</summary>
    private Task<IResult> ChangeAsync(HttpRequest request, Func<PortalUser, IFormCollection, Task<IResult>> change, CancellationToken cancellationToken) =>
        portal.AdminAsync(request, async user =>
        {
            var (form, refusal) = await portal.ReadFormAsync(request, cancellationToken);
            if (refusal is not null)
            {
                return refusal;
            }

            try
            {
                return await change(user, form!);
            }
            catch (InvalidRequestException ex)
            {
                // The form again as typed, each problem in words beside its field and listed above.
                return await PracticePageAsync(request, user, StatusCodes.Status400BadRequest,
                    new PracticeNotice("Nothing was changed:", Problems: ex.Problems.Select(p => FormWords.Line(p, form!)).ToList(), Form: FormWords.StateOf(request, form!, ex.Problems)), cancellationToken);
            }
            catch (ConflictException ex)
            {
                return await PracticePageAsync(request, user, StatusCodes.Status409Conflict,
                    new PracticeNotice("Nothing was changed:", Problems: [ex.Message], Form: FormWords.StateOf(request, form!, [])), cancellationToken);
            }
            catch (NotFoundException)
            {
                return await portal.NotFoundAsync(request);
            }
        }, returnTo: Home);

    private async Task<IResult> PracticePageAsync(HttpRequest request, PortalUser user, int status, PracticeNotice? notice, CancellationToken cancellationToken) =>
        await page.SendAsync<PracticePortalPage>(request, status, new()
        {
            ["Chrome"] = portal.Chrome(request, user),
            ["Therapists"] = (await therapists.ListTherapistsAsync(cancellationToken)).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList(),
            ["Clients"] = await clientRecords.ListClientsAsync(cancellationToken),
            ["Health"] = await health.ReadAsync(cancellationToken),
            ["Instruments"] = instruments,
            ["Notice"] = notice,
        });

    /// <summary>What the last change did, from the redirect's query (fixed wording: the query cannot put words on the page).</summary>
    private static PracticeNotice? Notice(HttpRequest request) => request.Query["done"].ToString() switch
    {
        "therapist-enrolled" => new PracticeNotice("The therapist is enrolled."),
        "therapist-changed" => new PracticeNotice("The therapist's digest is changed."),
        "client-enrolled" => new PracticeNotice("The client is enrolled; their first link goes out at the next sending hour.", ClientId: request.Query["client"]),
        "client-changed" => new PracticeNotice("The client's record is changed.", ClientId: request.Query["client"]),
        "sessions-ended" => new PracticeNotice(int.TryParse(request.Query["count"], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? $"{count} {(count == 1 ? "session was" : "sessions were")} ended; that person signs in again on every device."
            : "Their sessions were ended; that person signs in again on every device."),
        _ => null,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static List<string> Instruments(IFormCollection form) => form["instruments"].Where(i => !string.IsNullOrEmpty(i)).Select(i => i!).ToList();
}
