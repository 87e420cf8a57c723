namespace Outcomes.Practice.Email;

/// <summary>
/// What each email is about, as its outbox key: the outbox keeps one email per key, so a second
/// attempt to send the same thing is a no-op. Every key is made here; none is read back for meaning
/// (what an email concerns is recorded on its row: <see cref="EmailMessage.Names"/>, <see cref="EmailMessage.RiskAlert"/>).
/// </summary>
public static class EmailKeys
{
    /// <summary>One invitation per client and cycle.</summary>
    public static string Invitation(string clientId, DateOnly cycle) => $"invitation:{clientId}:{cycle:yyyy-MM-dd}";

    /// <summary>The one reminder of a cycle's invitation.</summary>
    public static string Reminder(string clientId, DateOnly cycle) => $"reminder:{clientId}:{cycle:yyyy-MM-dd}";

    /// <summary>A client's one email for the milestones reached at one check-in (each milestone is reached at one check-in only).</summary>
    public static string Milestone(string clientId, string responseId) => $"milestone:{clientId}:{responseId}";

    public static string RiskAlert(string clientId, string alertKey) => $"risk:{clientId}:{alertKey}";

    public static string Escalation(string clientId, string alertKey) => $"risk-escalation:{clientId}:{alertKey}";

    /// <summary>A therapist's hourly email of warning signs and good news, claimed at <paramref name="at"/>.</summary>
    public static string WarningSigns(string therapistId, DateTimeOffset at) => $"warnings:{therapistId}:{at.UtcTicks}";

    /// <summary>A therapist's weekly digest for its scheduled day.</summary>
    public static string Digest(string therapistId, DateOnly slot) => $"digest:{therapistId}:{slot:yyyy-MM-dd}";

    /// <summary>A digest sent on request, at <paramref name="at"/>.</summary>
    public static string DigestOnRequest(string therapistId, DateTimeOffset at) => $"digest:{therapistId}:now:{at.UtcTicks}";

    /// <summary>
    /// Whether the email is one of the therapist's hourly emails or digests, which name several of
    /// their clients: only for outbox rows written before emails recorded whom they name.
    /// </summary>
    public static bool IsTherapistsRoundUp(string key, string therapistId) =>
        key.StartsWith($"warnings:{therapistId}:", StringComparison.Ordinal) || key.StartsWith($"digest:{therapistId}:", StringComparison.Ordinal);
}
