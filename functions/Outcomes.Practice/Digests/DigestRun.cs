using Microsoft.Extensions.Logging;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Email;

namespace Outcomes.Practice.Digests;

/// <summary>
/// Sends the weekly digests: each therapist's on their weekday and hour in their own zone, once
/// per week however often or late the timer runs (the email's key is the therapist and the local
/// date, and the therapist's row remembers the last one sent).
/// </summary>
public sealed class DigestRun(ICaseloads caseloads, ITherapists therapists, EmailDelivery email, PublicLinks links, PracticeSettings settings, ILogger<DigestRun> logger)
{
    /// <summary>The timer's call: sends every digest whose time has come. Returns how many were sent.</summary>
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sent = 0;
        await EachItem.RunAsync(
            await therapists.ListTherapistsAsync(cancellationToken),
            therapist => $"therapist {therapist.Id}",
            async therapist =>
            {
                var slot = LatestSlot(therapist, now);
                if (slot is null || therapist.LastDigestFor >= slot)
                {
                    return;
                }

                await SendAsync(therapist, EmailKeys.Digest(therapist.Id, slot.Value), now, cancellationToken);
                await therapists.RecordDigestSentAsync(therapist.Id, slot.Value, cancellationToken);
                sent++;
            },
            logger,
            "digest",
            cancellationToken);
        return sent;
    }

    /// <summary>The admin's call: sends a digest now to one therapist, or to all when <paramref name="therapistId"/> is null.</summary>
    public async Task<int> SendNowAsync(string? therapistId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var chosen = therapistId is null
            ? await therapists.ListTherapistsAsync(cancellationToken)
            : [(PracticeAdministration.IsId(therapistId) ? await therapists.FindTherapistAsync(therapistId, cancellationToken) : null) ?? throw new NotFoundException($"No therapist '{therapistId}'.")];
        await EachItem.RunAsync(
            chosen,
            therapist => $"therapist {therapist.Id}",
            therapist => SendAsync(therapist, EmailKeys.DigestOnRequest(therapist.Id, now), now, cancellationToken),
            logger,
            "digest",
            cancellationToken);
        return chosen.Count;
    }

    /// <summary>
    /// The local date of the therapist's most recent digest time at or before <paramref name="now"/>
    /// (their weekday at their hour, in their zone), or null before the first one after enrolment.
    /// </summary>
    public static DateOnly? LatestSlot(Therapist therapist, DateTimeOffset now)
    {
        var day = PracticeSettings.LocalDate(now, therapist.TimeZone);
        day = day.AddDays(-(((int)day.DayOfWeek - (int)therapist.DigestDay + 7) % 7));
        if (PracticeSettings.LocalHour(day, therapist.DigestHour, therapist.TimeZone) > now)
        {
            day = day.AddDays(-7);
        }

        return PracticeSettings.LocalHour(day, therapist.DigestHour, therapist.TimeZone) >= therapist.EnrolledAt ? day : null;
    }

    private async Task SendAsync(Therapist therapist, string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var caseload = await caseloads.ReadCaseloadAsync(therapist.Id, cancellationToken);
        var digest = Digest.Build(therapist, caseload.Clients, now, settings);
        await email.QueueAsync(new DigestEmailContent(key, therapist.Email, digest, links.Portal), cancellationToken);
        logger.LogInformation(
            "Digest {EmailKey} for therapist {TherapistId}: {NeedsAttention} need attention, {Improving} improving, {Others} others",
            key, therapist.Id, digest.NeedsAttention.Count, digest.Improving.Count, digest.EveryoneElse.Count);
    }
}
