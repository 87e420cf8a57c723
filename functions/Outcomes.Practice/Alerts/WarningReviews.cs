using Microsoft.Extensions.Logging;
using Outcomes.Clinical.Progress;

namespace Outcomes.Practice.Alerts;

/// <summary>
/// A warning sign marked reviewed by the therapist or an admin: it then no longer puts the client
/// under "needs attention" (it is shown as reviewed, by whom and when), and stays reviewed — a
/// new event or a new state is a finding with a key of its own, so it needs attention afresh.
/// Reviewing twice, or two people at once, keeps the first review; each review is audited once.
/// </summary>
public sealed class WarningReviews(IClientRecords clientRecords, ClientSummaries summaries, Data.IAuditLog audit, TimeProvider time, ILogger<WarningReviews> logger)
{
    /// <summary>Marks the client's warning sign <paramref name="alertKey"/> reviewed by <paramref name="reviewedBy"/>, audited as <paramref name="actor"/>; null when the client has no such warning sign.</summary>
    public async Task<AlertRecord?> ReviewAsync(string clientId, string alertKey, string reviewedBy, string actor, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var file = await clientRecords.ReadClientFileAsync(clientId, cancellationToken);
            if (file.Profile is null || file.Alerts.FirstOrDefault(a => a.Key == alertKey && a.Urgency == AlertUrgency.BatchedWarning) is not { } sign)
            {
                return null;
            }

            if (sign.IsReviewed)
            {
                return sign;
            }

            var reviewed = sign with { ReviewedAt = time.GetUtcNow(), ReviewedBy = reviewedBy };

            // Conditional on the row as read: of two reviews at once one writes, the other reads it back as reviewed.
            if (await clientRecords.UpdateAlertAsync(reviewed, cancellationToken))
            {
                await summaries.RefreshAsync(clientId, cancellationToken);
                await audit.AppendAsync(new Data.AuditEntry(reviewed.ReviewedAt!.Value, actor, Data.AuditActions.WarningReviewed, clientId, $"warning sign {sign.Key} reviewed"), cancellationToken);
                logger.LogInformation("Warning sign {AlertKey} for client {ClientId} reviewed", sign.Key, clientId);
                return reviewed;
            }
        }

        throw new InvalidOperationException("The warning sign kept changing while it was being marked reviewed.");
    }
}
