using Outcomes.Api.Contracts;
using Outcomes.Clinical.Progress;
using Outcomes.Clinical.SuddenGains;
using Outcomes.Practice;

namespace Outcomes.Api;

/// <summary>A client's outcomes report as the API's contract (<c>GET api/admin/clients/{id}/outcomes</c>).</summary>
internal static class OutcomesView
{
    public static ClientOutcomesResponse Of(ClientOutcomesReport report)
    {
        var progress = report.Progress;
        return new ClientOutcomesResponse(
            new ClientIdentity(report.Client.Id, report.Client.TherapistId, report.Client.DisplayCode, report.Client.Instruments),
            report.Responses,
            report.Unscored,
            report.MissedInRow,
            progress.Instruments.Select(p => new InstrumentOutcome(
                p.Instrument.Id,
                p.Instrument.Name,
                p.Instrument.PrimaryScore.Id,
                p.Series.Select(point => new ScoreAt(point.At, point.Score, p.BandOf(point.Score))).ToList(),
                new ScoreAt(p.Change.Baseline.At, p.Change.Baseline.Score, p.BandOf(p.Change.Baseline.Score)),
                new ScoreAt(p.Change.Latest.At, p.Change.Latest.Score, p.BandOf(p.Change.Latest.Score)),
                p.Change.Change,
                p.Change.PercentChange,
                p.Change.ReliableChange?.ToString(),
                p.Change.CasenessAtBaseline,
                p.Change.CasenessNow,
                p.Change.Recovery,
                p.Change.ReliableRecovery,
                p.NotOnTrack,
                p.SuddenGains.Select(Change).ToList(),
                p.SuddenLosses.Select(Change).ToList())).ToList(),
            progress.Paired is not { } paired ? null : new PairedOutcome(
                paired.CasenessAtBaseline, paired.CasenessNow, paired.ReliableImprovement, paired.ReliableDeterioration, paired.Recovery, paired.ReliableRecovery),
            progress.Openness is not { } openness ? null : new OpennessTrendView(openness.Direction.ToString(), openness.SlopePerCheckIn, openness.CheckIns),
            progress.Alliance is not { } alliance ? null : new AllianceSignalView(alliance.Trust, alliance.PreviousTrust),
            progress.Findings.Select(f => new FindingView(f.Kind.ToString(), f.Urgency.ToString(), f.InstrumentId, f.At, f.CheckIn, f.Description)).ToList(),
            // Warning signs and risk alerts, each with what happened to it (risk alerts: emailed, acknowledged, escalated).
            report.Alerts
                .Where(a => a.Urgency is AlertUrgency.Immediate or AlertUrgency.BatchedWarning)
                .OrderBy(a => a.RaisedAt)
                .Select(Alert)
                .ToList());
    }

    public static AlertView Alert(AlertRecord a) =>
        new(a.Key, a.Kind.ToString(), a.Urgency.ToString(), a.InstrumentId, a.Description, a.CheckIn, a.CheckInAt, a.RaisedAt, a.EmailedAt, a.AcknowledgedAt, a.AcknowledgedBy, a.AcknowledgementNote, a.EscalatedAt);

    // The engine indexes a client's series from 0; people, the findings' text and this report count check-ins from 1.
    private static SuddenChangeView Change(SuddenChange change) =>
        new(change.PreSession + 1, change.PostSession + 1, change.PreScore, change.PostScore, change.Magnitude, change.Status.ToString(), change.Reversed);
}
