using Outcomes.Clinical.Instruments;

namespace Outcomes.Practice;

/// <summary>
/// Enrolling therapists and clients, changing them, and issuing questionnaire links: what an admin
/// does. Each change is audited here, naming the <c>actor</c> the caller gives (a person signed in to
/// the portal, the admin key, an import); a null actor is the practice's own scheduled work, which the
/// audit log does not list.
/// </summary>
public sealed class PracticeAdministration(IClientRecords clientRecords, ICaseloads caseloads, ITherapists therapists, ISchedule schedule, Data.IAuditLog audit, InstrumentCatalog instruments, PracticeSettings settings, TimeProvider time)
{
    /// <summary>Enrols a therapist; the weekly digest goes out on <paramref name="digestDay"/> (Monday) at <paramref name="digestHour"/> (8:00) in their zone.</summary>
    public async Task<Therapist> EnrolTherapistAsync(string? name, string? email, string? timeZone, string? actor, CancellationToken cancellationToken, string? digestDay = null, int? digestHour = null, string? progressEmails = null)
    {
        var problems = new List<Problem>();
        var (day, hour, progress) = CheckTherapist(name, email, timeZone, digestDay ?? nameof(DayOfWeek.Monday), digestHour ?? 8, progressEmails, problems);
        ThrowIfAny(problems);

        var therapist = new Therapist(NewId(), name!.Trim(), email!.Trim(), timeZone!, time.GetUtcNow(), day, hour, ProgressEmails: progress);
        await therapists.AddTherapistAsync(therapist, cancellationToken);
        await AuditAsync(actor, Data.AuditActions.TherapistEnrolled, null, $"therapist {therapist.Id}", cancellationToken);
        return therapist;
    }

    /// <summary>
    /// Enrols a client: checked whole, then written in steps that can each be done again; the first
    /// invitation goes out at the sending hour of <paramref name="firstCheckIn"/> (default: the next
    /// sending hour). With a <paramref name="clientId"/> (an import's, <see cref="ImportedClientId"/>)
    /// asking again after an interruption finishes the same client; the enrolment is audited as it is
    /// written, before the client joins the caseload.
    /// </summary>
    public async Task<ClientProfile> EnrolClientAsync(
        string? therapistId, string? displayCode, string? email, IReadOnlyList<string>? instrumentIds, int? cadenceDays, string? timeZone, string? actor, CancellationToken cancellationToken,
        DateOnly? firstCheckIn = null, string? clientId = null, string auditDetail = "")
    {
        var problems = CheckClient(displayCode, email, instrumentIds, cadenceDays, timeZone).ToList();
        if (string.IsNullOrWhiteSpace(therapistId))
        {
            problems.Add(new("therapistId", "required"));
        }
        else if (!IsId(therapistId))
        {
            problems.Add(new("therapistId", "is not a therapist id (32 hex digits)"));
        }

        ThrowIfAny(problems);
        if (await therapists.FindTherapistAsync(therapistId!, cancellationToken) is null)
        {
            throw new InvalidRequestException([new("therapistId", $"no therapist '{therapistId}'")]);
        }

        var client = new ClientProfile(clientId ?? NewId(), therapistId!, displayCode!.Trim(), email!.Trim(), instrumentIds!, cadenceDays!.Value, timeZone!, time.GetUtcNow());

        // Emails name a client only by display code: two clients of one therapist must never share one.
        if (!await caseloads.ReserveDisplayCodeAsync(client.TherapistId, client.DisplayCode, client.Id, cancellationToken))
        {
            throw new ConflictException($"Another client of this therapist has the display code '{client.DisplayCode}'.");
        }

        // Each step may be done again: the profile first, then its first invitation (from the profile's own
        // enrolment time, so doing it again books the same one), then the caseload row, which is last, so a
        // client on a caseload is complete and an interrupted enrolment is finished by asking again.
        if (!await clientRecords.AddProfileAsync(client, cancellationToken))
        {
            var there = (await clientRecords.FindClientAsync(client.Id, cancellationToken))!;
            if (!string.Equals(there.Email, client.Email, StringComparison.OrdinalIgnoreCase) || !there.Instruments.Order(StringComparer.Ordinal).SequenceEqual(client.Instruments.Order(StringComparer.Ordinal))
                || there.CadenceDays != client.CadenceDays || there.TimeZone != client.TimeZone)
            {
                throw new ConflictException($"The client '{client.DisplayCode}' was enrolled with other details; change them on that client.");
            }

            client = there;
        }

        await schedule.AddAsync(
            firstCheckIn is { } first
                ? new DueItem(settings.SendingTime(first, client.TimeZone), client.Id, DueKind.Invitation, first)
                : InvitationRun.FirstInvitation(client, client.EnrolledAt, settings),
            cancellationToken);
        await AuditAsync(actor, Data.AuditActions.ClientEnrolled, client.Id, $"with therapist {client.TherapistId}{auditDetail}", cancellationToken);

        await clientRecords.PutOnCaseloadAsync(client, cancellationToken);
        return client;
    }

    /// <summary>
    /// The id an import gives the client it enrols for a therapist's display code: the same on every
    /// sending of the file, so that a file sent again after an interruption finishes what it started
    /// (the display code's reservation is its own) rather than meeting it as someone else's.
    /// </summary>
    public static string ImportedClientId(string therapistId, string displayCode) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"import|{therapistId}|{displayCode.Trim().ToUpperInvariant()}")))[..32];

    /// <summary>Changes the questionnaires a client is sent and the days between them, from their next link on.</summary>
    public async Task<ClientProfile> ChangeQuestionnairesAsync(string clientId, IReadOnlyList<string>? instrumentIds, int? cadenceDays, string? actor, CancellationToken cancellationToken)
    {
        var problems = new List<Problem>();
        CheckInstruments(instrumentIds, problems);
        CheckCadence(cadenceDays, problems);
        ThrowIfAny(problems);
        var client = await FindClientAsync(clientId, cancellationToken);
        await clientRecords.ChangeQuestionnairesAsync(client, instrumentIds!, cadenceDays!.Value, cancellationToken);
        await AuditAsync(actor, Data.AuditActions.ClientChanged, client.Id, $"questionnaires: {string.Join(", ", instrumentIds!)}, every {cadenceDays} days", cancellationToken);
        return client with { Instruments = instrumentIds!, CadenceDays = cadenceDays.Value };
    }

    /// <summary>Changes the day and hour of a therapist's weekly digest, and whether good news comes hourly or weekly.</summary>
    public async Task<Therapist> ChangeDigestAsync(string therapistId, string? digestDay, int? digestHour, string? progressEmails, string? actor, CancellationToken cancellationToken)
    {
        var problems = new List<Problem>();
        var (day, hour, progress) = CheckDigest(digestDay, digestHour, progressEmails, problems);
        ThrowIfAny(problems);
        var therapist = (IsId(therapistId) ? await therapists.FindTherapistAsync(therapistId, cancellationToken) : null)
            ?? throw new NotFoundException($"No therapist '{therapistId}'.");
        await therapists.ChangeDigestAsync(therapist.Id, day, hour, progress, cancellationToken);
        await AuditAsync(actor, Data.AuditActions.TherapistChanged, null, $"therapist {therapist.Id}: digest {day} at {hour}:00, good news {progress}", cancellationToken);
        return therapist with { DigestDay = day, DigestHour = hour, ProgressEmails = progress };
    }

    /// <summary>Pauses, resumes or discharges a client: only active clients are invited.</summary>
    public async Task<ClientProfile> SetStatusAsync(string clientId, string? status, string? actor, CancellationToken cancellationToken)
    {
        if (!TryParseName<ClientStatus>(status, out var parsed))
        {
            throw new InvalidRequestException([new("status", "required: \"active\", \"paused\" or \"discharged\"")]);
        }

        var client = await FindClientAsync(clientId, cancellationToken);
        await clientRecords.SetClientStatusAsync(client, parsed, time.GetUtcNow(), cancellationToken);
        if (parsed == ClientStatus.Discharged)
        {
            // A discharged client's links take no more answers: they show the same page as any dead link.
            await clientRecords.CloseOpenInvitationsAsync(client.Id, time.GetUtcNow(), cancellationToken);
        }

        await AuditAsync(actor, Data.AuditActions.ClientChanged, client.Id, $"status: {parsed.ToString().ToLowerInvariant()}", cancellationToken);
        return client with { Status = parsed };
    }

    /// <summary>What the client is shown of their own progress (audited): not shared, shown after each check-in, or shown with milestone emails.</summary>
    public async Task<ClientProfile> SetProgressSharingAsync(string clientId, string? sharing, string? actor, CancellationToken cancellationToken)
    {
        if (!TryParseName<ProgressSharing>(sharing, out var parsed))
        {
            throw new InvalidRequestException([new("shareProgress", "choose one of: not shared, shown after each check-in, or shown with milestones emailed")]);
        }

        var client = await FindClientAsync(clientId, cancellationToken);
        await clientRecords.SetProgressSharingAsync(client, parsed, cancellationToken);
        await AuditAsync(actor, Data.AuditActions.ClientChanged, client.Id, $"progress: {parsed.Describe().ToLowerInvariant()}", cancellationToken);
        return client with { ShareProgress = parsed };
    }

    /// <summary>Moves a client to another therapist; their history stays with them.</summary>
    public async Task<ClientProfile> ReassignAsync(string clientId, string? therapistId, string? actor, CancellationToken cancellationToken)
    {
        if (!IsId(therapistId))
        {
            throw new InvalidRequestException([new("therapistId", "required: the id of the therapist to move the client to")]);
        }

        var client = await FindClientAsync(clientId, cancellationToken);
        if (client.TherapistId == therapistId)
        {
            return client;
        }

        if (await therapists.FindTherapistAsync(therapistId!, cancellationToken) is null)
        {
            throw new InvalidRequestException([new("therapistId", $"no therapist '{therapistId}'")]);
        }

        if (!await caseloads.ReserveDisplayCodeAsync(therapistId!, client.DisplayCode, client.Id, cancellationToken))
        {
            throw new ConflictException($"The new therapist already has a client with the display code '{client.DisplayCode}'.");
        }

        await clientRecords.ReassignClientAsync(client, therapistId!, cancellationToken);
        await caseloads.ReleaseDisplayCodeAsync(client.TherapistId, client.DisplayCode, client.Id, cancellationToken);
        await AuditAsync(actor, Data.AuditActions.ClientChanged, client.Id, $"moved to therapist {therapistId}", cancellationToken);
        return client with { TherapistId = therapistId! };
    }

    /// <summary>A new questionnaire link for a client; the token is returned once and stored only as a hash.</summary>
    public async Task<(string Token, Invitation Invitation)> IssueInvitationAsync(string clientId, string? actor, CancellationToken cancellationToken, (string Token, string Hash)? secret = null)
    {
        var client = await FindClientAsync(clientId, cancellationToken);
        if (client.Status != ClientStatus.Active)
        {
            throw new ConflictException($"The client is {client.Status.ToString().ToLowerInvariant()}: only active clients are given links.");
        }

        var (token, hash) = secret ?? QuestionnaireToken.Create(client.Id);
        var now = time.GetUtcNow();
        var invitation = new Invitation(client.Id, client.TherapistId, hash, client.Instruments, now, now + settings.InvitationLifetime, null, null);
        await clientRecords.AddInvitationAsync(invitation, cancellationToken);

        // The link counts (missed check-ins) only once the summary knows of it; if it cannot be noted, the link is taken back unissued.
        if (!await caseloads.RecordInvitationInSummaryAsync(invitation, cancellationToken))
        {
            await clientRecords.RemoveInvitationAsync(invitation, cancellationToken);
            throw new ConflictException("Other links for this client were being issued at the same moment; no link was issued. Please try again.");
        }

        await AuditAsync(actor, Data.AuditActions.InvitationIssued, client.Id, $"a questionnaire link, handed to {actor} once (only its hash is kept)", cancellationToken);
        return (token, invitation);
    }

    private Task AuditAsync(string? actor, string action, string? clientId, string detail, CancellationToken cancellationToken) =>
        actor is null ? Task.CompletedTask : audit.AppendAsync(new Data.AuditEntry(time.GetUtcNow(), actor, action, clientId, detail), cancellationToken);

    private async Task<ClientProfile> FindClientAsync(string clientId, CancellationToken cancellationToken) =>
        (IsId(clientId) ? await clientRecords.FindClientAsync(clientId, cancellationToken) : null)
            ?? throw new NotFoundException($"No client '{clientId}'.");

    /// <summary>Ids are 32 lower-case hex digits (a GUID without dashes).</summary>
    public static bool IsId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? id) => id is { Length: 32 } && Guid.TryParseExact(id, "N", out var parsed) && parsed.ToString("N") == id;

    private static ProgressEmails? ProgressEmailsOf(string? given) => given?.Trim().ToLowerInvariant() switch
    {
        null or "hourly" => ProgressEmails.Hourly,
        "weekly" => ProgressEmails.WeeklyDigestOnly,
        _ => null,
    };

    private static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>The problems with a client's details as enrolment checks them (therapist aside), for checking many rows before writing any.</summary>
    public IReadOnlyList<Problem> CheckClient(string? displayCode, string? email, IReadOnlyList<string>? instrumentIds, int? cadenceDays, string? timeZone)
    {
        var problems = new List<Problem>();
        CheckText(displayCode, "displayCode", 32, problems);
        if (displayCode?.Trim() is ['=' or '+' or '-' or '@', ..])
        {
            // A spreadsheet would run it as a formula when the export is opened (OWASP, CSV injection);
            // tab and carriage return are refused already, as control characters.
            problems.Add(new("displayCode", "must not start with =, +, - or @ (a spreadsheet would take it for a formula)"));
        }

        CheckEmail(email, problems);
        CheckTimeZone(timeZone, problems);
        CheckInstruments(instrumentIds, problems);
        CheckCadence(cadenceDays, problems);
        return problems;
    }

    /// <summary>The problems with a therapist's details as enrolment checks them, for a form that must say every problem at once.</summary>
    public IReadOnlyList<Problem> CheckTherapist(string? name, string? email, string? timeZone, string? digestDay, int? digestHour, string? progressEmails)
    {
        var problems = new List<Problem>();
        CheckTherapist(name, email, timeZone, digestDay, digestHour, progressEmails, problems);
        return problems;
    }

    private static (DayOfWeek Day, int Hour, ProgressEmails Progress) CheckTherapist(string? name, string? email, string? timeZone, string? digestDay, int? digestHour, string? progressEmails, List<Problem> problems)
    {
        CheckText(name, "name", 200, problems);
        CheckEmail(email, problems);
        CheckTimeZone(timeZone, problems);
        return CheckDigest(digestDay, digestHour, progressEmails, problems);
    }

    private static void CheckCadence(int? cadenceDays, List<Problem> problems)
    {
        if (cadenceDays is not (>= 1 and <= 90))
        {
            problems.Add(new("cadenceDays", "required: days between check-ins, 1 to 90"));
        }
    }

    /// <summary>When a therapist's digest comes and where their good news goes, as enrolment and a change check them.</summary>
    private static (DayOfWeek Day, int Hour, ProgressEmails Progress) CheckDigest(string? digestDay, int? digestHour, string? progressEmails, List<Problem> problems)
    {
        var day = DayOfWeek.Monday;
        if (digestDay is null || !TryParseDay(digestDay, out day))
        {
            problems.Add(new("digestDay", "a day of the week, e.g. \"monday\""));
        }

        if (digestHour is not (>= 0 and <= 23))
        {
            problems.Add(new("digestHour", "an hour of the day, 0 to 23"));
        }

        var progress = ProgressEmailsOf(progressEmails);
        if (progress is null)
        {
            problems.Add(new("progressEmails", "\"hourly\" (good news in the hourly email, the default) or \"weekly\" (in the weekly digest only)"));
        }

        return (day, digestHour ?? 8, progress ?? ProgressEmails.Hourly);
    }

    private void CheckInstruments(IReadOnlyList<string>? instrumentIds, List<Problem> problems)
    {
        if (instrumentIds is null || instrumentIds.Count == 0)
        {
            problems.Add(new("instruments", "required: the questionnaires the client answers, e.g. [\"phq9\", \"gad7\", \"checkin\"]"));
            return;
        }

        foreach (var id in instrumentIds.Where(id => !instruments.TryGet(id, out _)))
        {
            problems.Add(new("instruments", $"'{Problem.Excerpt(id)}' is not an instrument of this clinic ({string.Join(", ", instruments.All.Select(i => i.Id).Order())})"));
        }

        if (instrumentIds.Distinct().Count() != instrumentIds.Count)
        {
            problems.Add(new("instruments", "lists an instrument twice"));
        }
    }

    private static void CheckText(string? value, string field, int max, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new(field, "required"));
        }
        else if (value.Trim().Length > max)
        {
            problems.Add(new(field, $"at most {max} characters"));
        }
        else if (!PlainText.IsPlain(value))
        {
            problems.Add(new(field, "must not contain control, formatting or direction-changing characters"));
        }
    }

    private static void CheckEmail(string? email, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            problems.Add(new("email", "required: one email address"));
        }
        else if (!EmailAddress.IsDeliverable(email.Trim()))
        {
            problems.Add(new("email", "is not an address email can be sent to (name@example.org, letters, digits and . - _ + only around the @)"));
        }
    }

    private static void CheckTimeZone(string? timeZone, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(timeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            problems.Add(new("timeZone", "required: an IANA time zone such as \"Europe/London\""));
        }
    }

    /// <summary>Exactly one of the enum's names, any case: no numbers, no comma lists.</summary>
    private static bool TryParseName<T>(string? text, out T value)
        where T : struct, Enum
    {
        var name = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        value = name is null ? default : Enum.Parse<T>(name);
        return name is not null;
    }

    private static bool TryParseDay(string text, out DayOfWeek day) => TryParseName(text, out day);

    private static void ThrowIfAny(List<Problem> problems)
    {
        if (problems.Count > 0)
        {
            throw new InvalidRequestException(problems);
        }
    }
}
