using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Outcomes.Practice;

/// <summary>
/// The app's own spans and measurements, which the hosts export with OpenTelemetry. Spans and
/// measurements carry ids and categories only — a client's or response's id, an alert's kind, an
/// email's lane — never a token, an address, a name or an answer.
/// </summary>
public static class PracticeTelemetry
{
    /// <summary>The ActivitySource's and the Meter's name.</summary>
    public const string Name = "Outcomes";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> AnswersScored = Meter.CreateCounter<long>("outcomes.answers.scored", "{answer}", "Answers scored (each once, however often its request came).");

    public static readonly Counter<long> AlertsRaised = Meter.CreateCounter<long>("outcomes.alerts.raised", "{alert}", "Findings raised as alerts, by kind and urgency.");

    public static readonly Counter<long> Emails = Meter.CreateCounter<long>("outcomes.emails", "{email}", "Emails by lane (urgent, bulk) and outcome (sent, deferred, failed, refused; delivered, not delivered).");

    public static readonly Histogram<double> AnswerToRiskEmail = Meter.CreateHistogram<double>(
        "outcomes.risk_alert.answer_to_email", "s", "From a risk answer's submission to its alert email accepted by the provider.");

    /// <summary>Counts an email's outcome on its lane.</summary>
    public static void Email(bool urgent, string outcome) =>
        Emails.Add(1, new KeyValuePair<string, object?>("lane", urgent ? "urgent" : "bulk"), new KeyValuePair<string, object?>("outcome", outcome));
}
