using Outcomes.Clinical.Progress;

namespace Outcomes.Practice;

/// <summary>A client's outcomes as a therapist or admin reads them: recomputed from the raw answers.</summary>
public sealed record ClientOutcomesReport(ClientProfile Client, ClientProgress Progress, IReadOnlyList<AlertRecord> Alerts, int Responses, int Unscored, int MissedInRow);

/// <summary>
/// A client's course as their page in the portal shows it: their progress and findings, every
/// check-in with its answers, the alerts with their acknowledgements, and the links that went
/// unanswered; times are shown in <see cref="TimeZone"/> (the therapist's).
/// </summary>
public sealed record ClientCourse(
    ClientProfile Client,
    Therapist? Therapist,
    ClientProgress Progress,
    IReadOnlyList<Data.CheckInRecord> CheckIns,
    IReadOnlyList<AlertRecord> Alerts,
    IReadOnlyList<Invitation> Missed,
    int MissedInRow,
    string? BreakthroughWords,
    string TimeZone,
    DateTimeOffset At)
{
    /// <summary>What the client is shown of their own progress, and whether that is the practice's default.</summary>
    public ProgressSharing Sharing { get; init; }

    /// <inheritdoc cref="Sharing"/>
    public bool SharingIsDefault { get; init; }

    /// <summary>The client's own page exactly as they see it (the therapist's preview); null before the first check-in.</summary>
    public ClientProgressView? OwnProgress { get; init; }

    /// <summary>The milestones the client has seen lately on their page: to celebrate in session.</summary>
    public IReadOnlyList<CelebratedMilestone> Celebrate { get; init; } = [];

    /// <summary>When the client last opened their progress page, if ever.</summary>
    public DateTimeOffset? ProgressSeenAt { get; init; }
}

public sealed class ClientOutcomes(IClientRecords clientRecords, ITherapists therapists, Clinical.Instruments.InstrumentCatalog instruments, Data.IAuditLog audit, PracticeSettings settings, TimeProvider time)
{
    /// <summary>
    /// The client's course, for <paramref name="actor"/> (audited), or null when there is no such
    /// client or <paramref name="mayRead"/> says this reader may not see them (then nothing is audited).
    /// </summary>
    public async Task<ClientCourse?> ReadCourseAsync(string clientId, string actor, Func<ClientProfile, bool> mayRead, CancellationToken cancellationToken)
    {
        var file = PracticeAdministration.IsId(clientId) ? await clientRecords.ReadClientFileAsync(clientId, cancellationToken) : null;
        if (file?.Profile is not { } profile || !mayRead(profile))
        {
            return null;
        }

        var now = time.GetUtcNow();
        await audit.AppendAsync(new Data.AuditEntry(now, actor, Data.AuditActions.ClientViewed, profile.Id, "client page: check-ins item by item, findings and alerts"), cancellationToken);
        var therapist = await therapists.FindTherapistAsync(profile.TherapistId, cancellationToken);
        var missed = MissedInRow(file, now);
        var progress = ClientProgress.Assess(file.History(instruments, DateTimeOffset.MaxValue), instruments, missed, settings.Clinical);
        var own = file.Responses.Count > 0 ? ClientProgressView.Of(file, instruments, settings, now) : null;
        return new ClientCourse(
            profile,
            therapist,
            progress,
            Data.CheckInRecord.Of(file, instruments),
            file.Alerts.OrderByDescending(a => a.RaisedAt).ToList(),
            file.Invitations.Where(i => i.UsedAt is null && i.ExpiresAt <= now).OrderBy(i => i.IssuedAt).ToList(),
            missed,
            BreakthroughWords(file, instruments),
            therapist?.TimeZone ?? profile.TimeZone,
            now)
        {
            Sharing = settings.SharingOf(profile),
            SharingIsDefault = profile.ShareProgress is null,
            OwnProgress = own,
            Celebrate = own?.SeenRecently(file.ProgressSeen, now) ?? [],
            ProgressSeenAt = file.ProgressSeen?.At,
        };
    }

    /// <summary>The free text the client gave with their latest breakthrough answer, if any.</summary>
    public static string? BreakthroughWords(ClientFile file, Clinical.Instruments.InstrumentCatalog instruments)
    {
        foreach (var response in file.Responses.OrderByDescending(r => r.SubmittedAt))
        {
            foreach (var (instrumentId, answers) in response.Answers)
            {
                if (instruments.TryGet(instrumentId, out var instrument) && instrument.BreakthroughItem is { } item
                    && answers.Choices.TryGetValue(item, out var yes) && yes > 0)
                {
                    var textItem = instrument.Items.FirstOrDefault(i => i.Kind == Clinical.Instruments.ItemKind.Text);
                    return textItem is not null && answers.Texts.TryGetValue(textItem.Id, out var words) && words.Length > 0 ? words : null;
                }
            }
        }

        return null;
    }

    /// <summary>The client's outcomes, read by <paramref name="actor"/> (in the audit log).</summary>
    public async Task<ClientOutcomesReport> ReadAsync(string clientId, string actor, CancellationToken cancellationToken)
    {
        var file = PracticeAdministration.IsId(clientId) ? await clientRecords.ReadClientFileAsync(clientId, cancellationToken) : null;
        var profile = file?.Profile ?? throw new NotFoundException($"No client '{clientId}'.");
        await audit.AppendAsync(new Data.AuditEntry(time.GetUtcNow(), actor, Data.AuditActions.ClientOutcomesRead, profile.Id, "outcomes: scores, findings and alerts"), cancellationToken);

        var history = file.History(instruments, DateTimeOffset.MaxValue);
        var missed = MissedInRow(file, time.GetUtcNow());
        var progress = ClientProgress.Assess(history, instruments, missed, settings.Clinical);
        var unscored = file.Responses.Count(r => file.Scores.All(s => s.ResponseId != r.ResponseId));
        return new ClientOutcomesReport(profile, progress, file.Alerts, file.Responses.Count, unscored, missed);
    }

    /// <summary>Invitations that expired unanswered since the latest response (clinical.md, missed check-ins).</summary>
    public static int MissedInRow(ClientFile file, DateTimeOffset now) =>
        MissedCheckIns.InRow(
            file.Invitations.Select(i => new IssuedInvitation(i.IssuedAt, i.ExpiresAt)),
            file.Responses.Count == 0 ? null : file.Responses.Max(r => r.SubmittedAt),
            now);
}
