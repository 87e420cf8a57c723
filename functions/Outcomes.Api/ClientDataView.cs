using Outcomes.Api.Contracts;
using Outcomes.Practice.Data;

namespace Outcomes.Api;

/// <summary>Subject access's JSON, from the practice's <see cref="ClientData"/>.</summary>
internal static class ClientDataView
{
    public static ClientDataResponse Of(ClientData data)
    {
        var c = data.Client;
        return new ClientDataResponse(
            data.At,
            new ClientDataProfile(c.Id, c.TherapistId, c.DisplayCode, c.Email, c.Instruments, c.CadenceDays, c.TimeZone, c.EnrolledAt, c.Status.ToString().ToLowerInvariant(), c.DischargedAt),
            data.Invitations.Select(i => new ClientDataInvitation(i.IssuedAt, i.ExpiresAt, i.UsedAt)).ToList(),
            data.CheckIns.Select(checkIn => new ClientDataCheckIn(
                checkIn.Number,
                checkIn.SubmittedAt,
                checkIn.Answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a =>
                {
                    var score = checkIn.Scores.FirstOrDefault(s => s.InstrumentId == a.Key);
                    return new ClientDataAnswers(a.Key, a.Value.Choices, a.Value.Texts, score?.Primary, score?.Band);
                }).ToList())).ToList(),
            data.Alerts.Select(OutcomesView.Alert).ToList(),
            data.Emails.Select(e => new ClientDataEmail(e.Key, e.OwnEmail, e.Subject, e.CreatedAt, e.Status.ToString(), e.SentAt)).ToList());
    }
}
