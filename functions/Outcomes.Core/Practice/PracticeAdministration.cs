using System.Net.Mail;
using Outcomes.Core.Instruments;

namespace Outcomes.Core.Practice;

/// <summary>Enrolling therapists and clients, and issuing questionnaire links: what an admin does.</summary>
public sealed class PracticeAdministration(IPracticeStore store, ISchedule schedule, InstrumentCatalog instruments, PracticeSettings settings, TimeProvider time)
{
    /// <summary>Enrols a therapist; the weekly digest goes out on <paramref name="digestDay"/> (Monday) at <paramref name="digestHour"/> (8:00) in their zone.</summary>
    public async Task<Therapist> EnrolTherapistAsync(string? name, string? email, string? timeZone, CancellationToken cancellationToken, string? digestDay = null, int? digestHour = null)
    {
        var problems = new List<Problem>();
        CheckText(name, "name", 200, problems);
        CheckEmail(email, problems);
        CheckTimeZone(timeZone, problems);
        var day = DayOfWeek.Monday;
        if (digestDay is not null && (!Enum.TryParse(digestDay, ignoreCase: true, out day) || !Enum.IsDefined(day) || int.TryParse(digestDay, out _)))
        {
            problems.Add(new("digestDay", "a day of the week, e.g. \"monday\""));
        }

        if (digestHour is not (null or (>= 0 and <= 23)))
        {
            problems.Add(new("digestHour", "an hour of the day, 0 to 23"));
        }

        ThrowIfAny(problems);

        var therapist = new Therapist(NewId(), name!.Trim(), email!.Trim(), timeZone!, time.GetUtcNow(), day, digestHour ?? 8);
        await store.AddTherapistAsync(therapist, cancellationToken);
        return therapist;
    }

    public async Task<ClientProfile> EnrolClientAsync(
        string? therapistId, string? displayCode, string? email, IReadOnlyList<string>? instrumentIds, int? cadenceDays, string? timeZone, CancellationToken cancellationToken)
    {
        var problems = new List<Problem>();
        CheckText(displayCode, "displayCode", 32, problems);
        CheckEmail(email, problems);
        CheckTimeZone(timeZone, problems);
        if (instrumentIds is null || instrumentIds.Count == 0)
        {
            problems.Add(new("instruments", "required: the questionnaires the client answers, e.g. [\"phq9\", \"gad7\", \"checkin\"]"));
        }
        else
        {
            foreach (var id in instrumentIds.Where(id => !instruments.TryGet(id, out _)))
            {
                problems.Add(new("instruments", $"'{id}' is not an instrument of this clinic ({string.Join(", ", instruments.All.Select(i => i.Id).Order())})"));
            }

            if (instrumentIds.Distinct().Count() != instrumentIds.Count)
            {
                problems.Add(new("instruments", "lists an instrument twice"));
            }
        }

        if (cadenceDays is not (>= 1 and <= 90))
        {
            problems.Add(new("cadenceDays", "required: days between check-ins, 1 to 90"));
        }

        if (string.IsNullOrWhiteSpace(therapistId))
        {
            problems.Add(new("therapistId", "required"));
        }

        ThrowIfAny(problems);
        if (await store.FindTherapistAsync(therapistId!, cancellationToken) is null)
        {
            throw new InvalidRequestException([new("therapistId", $"no therapist '{therapistId}'")]);
        }

        var client = new ClientProfile(NewId(), therapistId!, displayCode!.Trim(), email!.Trim(), instrumentIds!, cadenceDays!.Value, timeZone!, time.GetUtcNow());
        await store.AddClientAsync(client, cancellationToken);
        await schedule.AddAsync(InvitationRun.FirstInvitation(client, time.GetUtcNow(), settings), cancellationToken);
        return client;
    }

    /// <summary>Pauses, resumes or discharges a client: only active clients are invited.</summary>
    public async Task<ClientProfile> SetStatusAsync(string clientId, string? status, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<ClientStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
        {
            throw new InvalidRequestException([new("status", "required: \"active\", \"paused\" or \"discharged\"")]);
        }

        var client = (IsId(clientId) ? await store.FindClientAsync(clientId, cancellationToken) : null)
            ?? throw new NotFoundException($"No client '{clientId}'.");
        await store.SetClientStatusAsync(client, parsed, cancellationToken);
        return client with { Status = parsed };
    }

    /// <summary>A new questionnaire link for a client; the token is returned once and stored only as a hash.</summary>
    public async Task<(string Token, Invitation Invitation)> IssueInvitationAsync(string clientId, CancellationToken cancellationToken)
    {
        var client = (IsId(clientId) ? await store.FindClientAsync(clientId, cancellationToken) : null)
            ?? throw new NotFoundException($"No client '{clientId}'.");
        var (token, hash) = QuestionnaireToken.Create(client.Id);
        var now = time.GetUtcNow();
        var invitation = new Invitation(client.Id, client.TherapistId, hash, client.Instruments, now, now + settings.InvitationLifetime, null, null);
        await store.AddInvitationAsync(invitation, cancellationToken);
        await store.RecordInvitationInSummaryAsync(invitation, cancellationToken);
        return (token, invitation);
    }

    /// <summary>Ids are 32 lower-case hex digits (a GUID without dashes).</summary>
    public static bool IsId(string? id) => id is { Length: 32 } && Guid.TryParseExact(id, "N", out var parsed) && parsed.ToString("N") == id;

    private static string NewId() => Guid.NewGuid().ToString("N");

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
        else if (value.Any(char.IsControl))
        {
            problems.Add(new(field, "must not contain control characters"));
        }
    }

    private static void CheckEmail(string? email, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > 254 || !MailAddress.TryCreate(email.Trim(), out var parsed) || parsed.Address != email.Trim())
        {
            problems.Add(new("email", "required: one email address"));
        }
    }

    private static void CheckTimeZone(string? timeZone, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(timeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            problems.Add(new("timeZone", "required: an IANA time zone such as \"Europe/London\""));
        }
    }

    private static void ThrowIfAny(List<Problem> problems)
    {
        if (problems.Count > 0)
        {
            throw new InvalidRequestException(problems);
        }
    }
}
