using Outcomes.Clinical.Progress;
using Outcomes.Practice.Alerts;
using Outcomes.Practice;
using Outcomes.Clinical.SuddenGains;

namespace Outcomes.Api;

/// <summary>The JSON shape of <c>GET api/admin/clients/{id}/outcomes</c>.</summary>
internal static class OutcomesView
{
    public static object Of(ClientOutcomesReport report)
    {
        var progress = report.Progress;
        return new
        {
            client = new { id = report.Client.Id, therapistId = report.Client.TherapistId, displayCode = report.Client.DisplayCode, instruments = report.Client.Instruments },
            responses = report.Responses,
            unscoredResponses = report.Unscored,
            missedCheckInsInARow = report.MissedInRow,
            instruments = progress.Instruments.Select(p => new
            {
                id = p.Instrument.Id,
                name = p.Instrument.Name,
                score = p.Instrument.PrimaryScore.Id,
                series = p.Series.Select(point => new { time = point.At, total = point.Score, band = p.BandOf(point.Score) }),
                baseline = new { time = p.Change.Baseline.At, total = p.Change.Baseline.Score, band = p.BandOf(p.Change.Baseline.Score) },
                latest = new { time = p.Change.Latest.At, total = p.Change.Latest.Score, band = p.BandOf(p.Change.Latest.Score) },
                change = p.Change.Change,
                percentChange = p.Change.PercentChange,
                reliableChange = p.Change.ReliableChange?.ToString(),
                casenessAtBaseline = p.Change.CasenessAtBaseline,
                casenessNow = p.Change.CasenessNow,
                recovery = p.Change.Recovery,
                reliableRecovery = p.Change.ReliableRecovery,
                notOnTrack = p.NotOnTrack,
                suddenGains = p.SuddenGains.Select(Change),
                suddenLosses = p.SuddenLosses.Select(Change),
            }),
            paired = progress.Paired is null ? null : new
            {
                casenessAtBaseline = progress.Paired.CasenessAtBaseline,
                casenessNow = progress.Paired.CasenessNow,
                reliableImprovement = progress.Paired.ReliableImprovement,
                reliableDeterioration = progress.Paired.ReliableDeterioration,
                recovery = progress.Paired.Recovery,
                reliableRecovery = progress.Paired.ReliableRecovery,
            },
            opennessTrend = progress.Openness is null ? null : new { direction = progress.Openness.Direction.ToString(), slopePerCheckIn = progress.Openness.SlopePerCheckIn, checkIns = progress.Openness.CheckIns },
            allianceSignal = progress.Alliance is null ? null : new { trust = progress.Alliance.Trust, previousTrust = progress.Alliance.PreviousTrust },
            findings = progress.Findings.Select(f => new { kind = f.Kind.ToString(), urgency = f.Urgency.ToString(), instrument = f.InstrumentId, time = f.At, description = f.Description }),
            // Warning signs and risk alerts, each with what happened to it (risk alerts: emailed, acknowledged, escalated).
            alerts = report.Alerts
                .Where(a => a.Urgency is nameof(AlertUrgency.Immediate) or nameof(AlertUrgency.BatchedWarning))
                .OrderBy(a => a.RaisedAt)
                .Select(a => new
                {
                    key = a.Key, kind = a.Kind, urgency = a.Urgency, instrument = a.InstrumentId, description = a.Description, raisedAt = a.RaisedAt,
                    emailedAt = a.EmailedAt, acknowledgedAt = a.AcknowledgedAt, acknowledgedBy = a.AcknowledgedBy, escalatedAt = a.EscalatedAt,
                }),
        };
    }

    private static object Change(SuddenChange change) => new
    {
        preSession = change.PreSession,
        postSession = change.PostSession,
        preScore = change.PreScore,
        postScore = change.PostScore,
        magnitude = change.Magnitude,
        status = change.Status.ToString(),
        reversed = change.Reversed,
    };
}
