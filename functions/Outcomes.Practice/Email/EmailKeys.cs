namespace Outcomes.Practice.Email;

/// <summary>
/// What each email is about, as its outbox key: the outbox keeps one email per key, so a second
/// attempt to send the same thing is a no-op.
/// </summary>
public static class EmailKeys
{
    /// <summary>One invitation per client and cycle.</summary>
    public static string Invitation(string clientId, DateOnly cycle) => $"invitation:{clientId}:{cycle:yyyy-MM-dd}";

    /// <summary>The one reminder of a cycle's invitation.</summary>
    public static string Reminder(string clientId, DateOnly cycle) => $"reminder:{clientId}:{cycle:yyyy-MM-dd}";

    public static string RiskAlert(string clientId, string alertKey) => $"risk:{clientId}:{alertKey}";

    public static string Escalation(string clientId, string alertKey) => $"risk-escalation:{clientId}:{alertKey}";

    /// <summary>The client and alert of a therapist's risk-alert email, from its key; null for any other email.</summary>
    public static (string ClientId, string AlertKey)? ReadRiskAlert(string key) =>
        key.StartsWith("risk:", StringComparison.Ordinal) && key.Split(':', 3) is [_, var client, var alert] ? (client, alert) : null;
}
