using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Practice.Charts;

namespace Outcomes.Practice;

/// <summary>One measure on a client's own page: their chart (no cutoff, no warning marked), which way is better, and where the latest score is.</summary>
public sealed record ProgressMeasure(Instrument Instrument, ScoreChart Chart, string Direction, string Latest, bool MovedTheLessGoodWay)
{
    public string Name => Chart.Measure;
}

/// <summary>
/// A milestone as the client reads it, dated when it happened (a sudden gain: the check-in after the
/// step, though it is reached — told — when confirmed); <see cref="OwnWords"/> is what they wrote with an 'aha' moment.
/// </summary>
public sealed record CelebratedMilestone(Milestone Milestone, string Title, string Words, string? OwnWords, DateTimeOffset At);

/// <summary>
/// What a client sees of their own progress — the same for the client and for their therapist's
/// preview: a chart per measure, their milestones (newest first) with their own 'aha' words, a
/// neutral line when a score moved the less good way, and when the next check-in is due. Built only
/// from <see cref="ClientWords"/> and <see cref="Milestones"/>: no finding meant for the therapist.
/// </summary>
public sealed record ClientProgressView(IReadOnlyList<ProgressMeasure> Measures, IReadOnlyList<CelebratedMilestone> Milestones, string NextCheckIn, string TimeZone)
{
    /// <summary>How long a milestone the client has seen stays under "celebrate in session" on their therapist's page.</summary>
    public static readonly TimeSpan CelebrateWithin = TimeSpan.FromDays(14);

    public bool UpsAndDowns => Measures.Any(m => m.MovedTheLessGoodWay);

    public static ClientProgressView Of(ClientFile file, InstrumentCatalog instruments, PracticeSettings settings, DateTimeOffset now)
    {
        var client = file.Profile ?? throw new ArgumentException("The client's profile is gone.", nameof(file));
        var history = file.History(instruments, DateTimeOffset.MaxValue);
        var order = instruments.InDisplayOrder(history.SelectMany(r => r.Scores.Select(s => s.InstrumentId)).Distinct()).ToList();
        var measures = new List<ProgressMeasure>();
        var milestones = MilestonesOf(file, history, instruments, settings, now);
        foreach (var id in order.Where(i => instruments.TryGet(i, out _)))
        {
            var instrument = instruments[id];
            var series = history.SelectMany((r, i) => r.Scores.Where(s => s.InstrumentId == id).Select(s => new ChartPoint(i + 1, r.At, s.Primary))).ToList();
            var markers = milestones
                .Where(m => m.InstrumentId == id && ClientWords.Marker(m.Kind) is not null)
                .Select(m => new ChartMarker(m.Kind == MilestoneKind.SuddenGain ? m.ToCheckIn!.Value : m.CheckIn, ClientWords.Marker(m.Kind)!))
                .Where(m => series.Any(p => p.CheckIn == m.CheckIn))
                .DistinctBy(m => (m.CheckIn, m.Label))
                .ToList();

            // Numbered by the instrument's own check-ins, as every chart is.
            var renumber = series.Select((p, i) => (p.CheckIn, Number: i + 1)).ToDictionary(p => p.CheckIn, p => p.Number);
            var chart = new ScoreChart(
                ClientWords.Measure(instrument),
                instrument.Direction,
                instrument.PrimaryScore.Min,
                instrument.PrimaryScore.Max,
                instrument.Bands,
                Cutoff: null,
                series.Select(p => p with { CheckIn = renumber[p.CheckIn] }).ToList(),
                markers.Select(m => m with { CheckIn = renumber[m.CheckIn] }).ToList(),
                client.TimeZone)
            {
                MarkerColour = ChartLayout.ProgressMarkerColour,
            };
            var latest = series[^1].Score;
            var lessGood = series.Count >= 2 && (instrument.Direction == ScoreDirection.LowerIsBetter ? latest > series[^2].Score : latest < series[^2].Score);
            measures.Add(new ProgressMeasure(instrument, chart, ClientWords.Direction(instrument), ClientWords.Latest(instrument, latest), lessGood));
        }

        DateTimeOffset CheckInAt(int number) => history[number - 1].At;
        var celebrated = milestones
            .Select(m => new CelebratedMilestone(
                m,
                ClientWords.Title(m),
                ClientWords.Describe(m, m.InstrumentId is { } i && instruments.TryGet(i, out var instrument) ? instrument : null, CheckInAt, client.TimeZone),
                m.Kind == MilestoneKind.Aha ? AhaWords(file, instruments, m) : null,
                m.Kind == MilestoneKind.SuddenGain ? CheckInAt(m.ToCheckIn!.Value) : m.At))
            .OrderByDescending(m => m.At).ThenBy(m => m.Milestone.Kind)
            .ToList();
        return new ClientProgressView(measures, celebrated, NextCheckInOf(file, client, now), client.TimeZone);
    }

    /// <summary>The milestones of the client's course; links that expired unanswered break a streak.</summary>
    public static IReadOnlyList<Milestone> MilestonesOf(ClientFile file, InstrumentCatalog instruments, PracticeSettings settings, DateTimeOffset upTo) =>
        MilestonesOf(file, file.History(instruments, upTo), instruments, settings, upTo);

    /// <summary>As <see cref="MilestonesOf(ClientFile, InstrumentCatalog, PracticeSettings, DateTimeOffset)"/>, over a history already scored.</summary>
    private static IReadOnlyList<Milestone> MilestonesOf(ClientFile file, IReadOnlyList<Clinical.Progress.ScoredResponse> history, InstrumentCatalog instruments, PracticeSettings settings, DateTimeOffset upTo) =>
        Clinical.Progress.Milestones.Of(
            history.Where(r => r.At <= upTo).ToList(),
            instruments,
            settings.Clinical,
            file.Invitations.Where(i => i.UsedAt is null && i.ExpiresAt <= upTo).Select(i => i.ExpiresAt).ToList());

    /// <summary>What the client has seen on their page lately, for their therapist to celebrate with them in session.</summary>
    public IReadOnlyList<CelebratedMilestone> SeenRecently(ProgressSeen? seen, DateTimeOffset now) =>
        seen is null ? [] : Milestones.Where(m => m.Milestone.At <= seen.At && m.Milestone.At >= now - CelebrateWithin).ToList();

    private static string? AhaWords(ClientFile file, InstrumentCatalog instruments, Milestone aha)
    {
        var response = file.Responses.FirstOrDefault(r => r.SubmittedAt == aha.At);
        var instrument = instruments[aha.InstrumentId!];
        var text = instrument.Items.FirstOrDefault(i => i.Kind == ItemKind.Text);
        return response is not null && text is not null && response.Answers.TryGetValue(instrument.Id, out var answers)
            && answers.Texts.TryGetValue(text.Id, out var words) && !string.IsNullOrWhiteSpace(words) ? words.Trim() : null;
    }

    private static string NextCheckInOf(ClientFile file, ClientProfile client, DateTimeOffset now)
    {
        if (client.Status != ClientStatus.Active || client.CadenceDays < 1)
        {
            return ClientWords.NoNextCheckIn;
        }

        if (file.Invitations.Any(i => i.UsedAt is null && !i.IsExpired(now)))
        {
            return ClientWords.OpenCheckIn;
        }

        var last = file.Invitations.Count > 0 ? file.Invitations.Max(i => i.IssuedAt) : file.Responses.Select(r => r.SubmittedAt).DefaultIfEmpty(now).Max();
        var next = last.AddDays(client.CadenceDays);
        while (next < now)
        {
            next = next.AddDays(client.CadenceDays);
        }

        return ClientWords.NextCheckIn(Email.EmailText.LocalDate(next, client.TimeZone));
    }
}
