using Outcomes.Practice;
using static Outcomes.Practice.Email.EmailText;

namespace Outcomes.Practice.Email;

/// <summary>
/// The emails of a risk alert: to the therapist at once, and to the duty contact when nobody
/// acknowledges it. They name the client's display code and the question, never the answer.
/// </summary>
public static class RiskAlertEmail
{
    public static string Key(string clientId, string alertKey) => $"risk:{clientId}:{alertKey}";

    public static string EscalationKey(string clientId, string alertKey) => $"risk-escalation:{clientId}:{alertKey}";

    /// <summary>The client and alert of a therapist's risk-alert email, from its key; null for any other email.</summary>
    public static (string ClientId, string AlertKey)? ReadKey(string key) =>
        key.StartsWith("risk:", StringComparison.Ordinal) && key.Split(':', 3) is [_, var client, var alert] ? (client, alert) : null;

    public static EmailMessage Compose(AlertRecord alert, string displayCode, Therapist therapist, string acknowledgeLink, DateTimeOffset escalatesAt, string clinicName, string? dutyContact)
    {
        var raised = LocalTime(alert.RaisedAt, therapist.TimeZone);
        var escalates = LocalTime(escalatesAt, therapist.TimeZone);
        var escalation = dutyContact is null
            ? "No duty contact is configured, so nobody else will be told: please act on it yourself."
            : $"If nobody confirms by {escalates}, the duty contact at {clinicName} will be told.";
        var text =
            $"Client {displayCode} gave a risk answer in their check-in.\n\n" +
            $"What: {alert.Description}\nWhen: {raised}\n\n" +
            $"Please confirm that you have seen this:\n{acknowledgeLink}\n\n" +
            $"{escalation}\nThe client was shown crisis resources when they submitted their answers.\n";
        var html =
            $"<p><strong>Client {Html(displayCode)} gave a risk answer in their check-in.</strong></p>" +
            $"<p>What: {Html(alert.Description)}<br>When: {Html(raised)}</p>" +
            $"<p><a href=\"{Html(acknowledgeLink)}\">Confirm that I have seen this</a></p>" +
            $"<p>{Html(escalation)}<br>The client was shown crisis resources when they submitted their answers.</p>";
        return new EmailMessage(Key(alert.ClientId, alert.Key), therapist.Email, $"Risk alert: client {displayCode}, please confirm you have seen it", text, html) { Urgent = true };
    }

    /// <summary>
    /// The duty contact's email: the alert unacknowledged after <paramref name="after"/>, or — when
    /// <paramref name="emailFailed"/> — the therapist could not be emailed at all.
    /// </summary>
    public static EmailMessage ComposeEscalation(AlertRecord alert, string displayCode, Therapist therapist, string acknowledgeLink, string dutyContact, TimeSpan after, bool emailFailed = false)
    {
        var raised = LocalTime(alert.RaisedAt, therapist.TimeZone);
        var hours = after.TotalHours.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        var headline = emailFailed
            ? "A risk alert could not be emailed to the therapist."
            : $"A risk alert has not been acknowledged after {hours} hours.";
        var text =
            $"{headline}\n\n" +
            $"Client: {displayCode}\nTherapist: {therapist.Name}\nWhat: {alert.Description}\nRaised: {raised}\n\n" +
            $"Please make sure someone follows this up, then confirm here:\n{acknowledgeLink}\n";
        var html =
            $"<p><strong>{Html(headline)}</strong></p>" +
            $"<p>Client: {Html(displayCode)}<br>Therapist: {Html(therapist.Name)}<br>What: {Html(alert.Description)}<br>Raised: {Html(raised)}</p>" +
            $"<p>Please make sure someone follows this up, then <a href=\"{Html(acknowledgeLink)}\">confirm that it is being handled</a>.</p>";
        return new EmailMessage(EscalationKey(alert.ClientId, alert.Key), dutyContact, emailFailed ? $"Risk alert not delivered: client {displayCode} (therapist {therapist.Name})" : $"Unacknowledged risk alert: client {displayCode} (therapist {therapist.Name})", text, html) { Urgent = true };
    }
}
