namespace Outcomes.Practice.Email;

/// <summary>What the provider reports became of an email it accepted (ACS's delivery report statuses, and ours for no report).</summary>
public enum DeliveryStatus
{
    Delivered,

    /// <summary>Sent on to a distribution list's members: not an outcome, their own reports follow.</summary>
    Expanded,

    Bounced,
    Suppressed,
    Quarantined,
    FilteredSpam,
    Failed,

    /// <summary>No report came in time (<see cref="DeliveryWatch"/>): nothing is known of it, which for a risk alert is itself a failure.</summary>
    Unreported,
}

/// <summary>A provider's report of one email, naming it by the operation id it was sent with.</summary>
public sealed record EmailDeliveryReport(Guid OperationId, DeliveryStatus Status, DateTimeOffset At);

/// <summary>The email a delivery report names, as its outbox row says: enough to act on the report without reading the email.</summary>
public sealed record ReportedEmail(string Key, bool Urgent, DateTimeOffset CreatedAt, AlertReference? RiskAlert = null);

/// <summary>A sent email waiting for its delivery report, or one reported not delivered (an index beside the outbox).</summary>
public sealed record WatchedDelivery(string Key, bool Urgent, DateTimeOffset WatchedFrom, DeliveryStatus? Status, DateTimeOffset? ReportedAt);

/// <summary>
/// Whether the provider reports delivery (ACS with its Event Grid delivery reports, in Azure), and
/// how long an email may go unreported: a risk alert or its escalation 10 minutes, then the duty
/// contact is told; any other email a day, then it is listed as unreported.
/// </summary>
public sealed record DeliveryWatch(bool Enabled)
{
    public static readonly TimeSpan UrgentWithin = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan BulkWithin = TimeSpan.FromDays(1);

    public static TimeSpan Within(bool urgent) => urgent ? UrgentWithin : BulkWithin;
}

/// <summary>Whether email goes out from Azure's managed domain: limits meant for trying Outcomes out, which the practice page says plainly.</summary>
public sealed record EmailDomain(bool AzureManaged);
