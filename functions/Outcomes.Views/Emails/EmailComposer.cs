using System.Globalization;
using System.Text;
using Outcomes.Practice;
using Outcomes.Practice.Email;
using Outcomes.Views.Digests;
using static Outcomes.Practice.Email.EmailText;

namespace Outcomes.Views.Emails;

/// <summary>
/// Writes each email: the subject, a plain-text part, and the HTML part from its Razor component
/// in the one email layout. The plain text says what the HTML says, for clients that show text only.
/// </summary>
public sealed class EmailComposer(HtmlRendering html, DigestPresenter digests, PracticeSettings settings) : IEmailComposer
{
    public Task<EmailMessage> ComposeAsync(EmailContent content, CancellationToken cancellationToken) => content switch
    {
        InvitationEmailContent invitation => InvitationAsync(invitation),
        MilestoneEmailContent milestone => MilestoneAsync(milestone),
        RiskAlertEmailContent alert => RiskAlertAsync(alert),
        EscalationEmailContent escalation => EscalationAsync(escalation),
        WarningSignEmailContent warnings => WarningSignsAsync(warnings),
        DigestEmailContent digest => DigestAsync(digest),
        _ => throw new ArgumentException($"No email is written for {content.GetType().Name}.", nameof(content)),
    };

    private async Task<EmailMessage> InvitationAsync(InvitationEmailContent content)
    {
        var expires = content.ExpiresAt.ToString("dddd d MMMM", CultureInfo.InvariantCulture);
        var subject = content.IsReminder ? $"Reminder: your check-in for {content.ClinicName}" : $"Your check-in for {content.ClinicName}";
        var text =
            (content.IsReminder ? "A gentle reminder. " : "") +
            $"Hello,\n\nIt is time for your regular check-in with {content.ClinicName}. It takes about three minutes:\n\n{content.Link}\n\n" +
            $"The link works once, until {expires}. If you did not expect this email, you can ignore it.\n";
        var body = await html.RenderAsync<InvitationEmail>(new Dictionary<string, object?> { ["Content"] = content, ["Expires"] = expires });
        return new EmailMessage(content.Key, content.To, subject, text, body);
    }

    private async Task<EmailMessage> MilestoneAsync(MilestoneEmailContent content)
    {
        var ends = content.LinkEndsAt.ToString("dddd d MMMM", CultureInfo.InvariantCulture);
        var text =
            $"{ClientWords.EmailOpening}\n\n{ClientWords.EmailBody}\n\n" +
            string.Concat(content.Milestones.Select(m => $"- {m}\n")) +
            $"\n{content.Link}\n\nThe link works until {ends}.\n\n" +
            $"Sent by {content.ClinicName} because your therapist chose to share your progress with you. If you did not expect this email, you can ignore it.\n";
        var body = await html.RenderAsync<MilestoneEmail>(new Dictionary<string, object?> { ["Content"] = content, ["Ends"] = ends });
        return new EmailMessage(content.Key, content.To, $"{ClientWords.EmailSubject} – {content.ClinicName}", text, body);
    }

    private async Task<EmailMessage> RiskAlertAsync(RiskAlertEmailContent content)
    {
        var raised = LocalTime(content.Alert.RaisedAt, content.TimeZone);
        var escalation = content.EscalatesAt is { } at
            ? $"If nobody confirms by {LocalTime(at, content.TimeZone)}, the duty contact at {content.ClinicName} will be told."
            : "No duty contact is configured, so nobody else will be told: please act on it yourself.";
        var text =
            $"Client {content.DisplayCode} gave a risk answer in their check-in.\n\n" +
            $"What: {content.Alert.Describe(content.TimeZone)}\nWhen: {raised}\n\n" +
            $"Please confirm that you have seen this:\n{content.AcknowledgeLink}\n\n" +
            $"{escalation}\nThe client was shown crisis resources when they submitted their answers.\n" +
            (content.ClientPageLink is { } page ? $"\nTheir check-ins, item by item, are on the client's page in the portal (sign in to open it):\n{page}\n" : "");
        var body = await html.RenderAsync<RiskAlertEmail>(new Dictionary<string, object?> { ["Content"] = content, ["Escalation"] = escalation });
        return new EmailMessage(content.Key, content.To, $"Risk alert: client {content.DisplayCode}, please confirm you have seen it", text, body);
    }

    private async Task<EmailMessage> EscalationAsync(EscalationEmailContent content)
    {
        var hours = content.After.TotalHours.ToString("0.#", CultureInfo.InvariantCulture);
        var headline = content.EmailFailed
            ? content.Problem is { } problem ? $"A risk alert did not reach the therapist: {problem}." : "A risk alert could not be emailed to the therapist."
            : $"A risk alert has not been acknowledged after {hours} hours.";
        var text =
            $"{headline}\n\n" +
            $"Client: {content.DisplayCode}\nTherapist: {content.TherapistName}\nWhat: {content.Alert.Describe(content.TimeZone)}\nRaised: {LocalTime(content.Alert.RaisedAt, content.TimeZone)}\n\n" +
            $"Please make sure someone follows this up, then confirm here:\n{content.AcknowledgeLink}\n";
        var subject = content.EmailFailed
            ? $"Risk alert not delivered: client {content.DisplayCode} (therapist {content.TherapistName})"
            : $"Unacknowledged risk alert: client {content.DisplayCode} (therapist {content.TherapistName})";
        var body = await html.RenderAsync<EscalationEmail>(new Dictionary<string, object?> { ["Content"] = content, ["Headline"] = headline });
        return new EmailMessage(content.Key, content.To, subject, text, body);
    }

    private async Task<EmailMessage> WarningSignsAsync(WarningSignEmailContent content)
    {
        var subject = (content.Warnings.Count, content.GoodNews.Count) switch
        {
            (> 0, 0) => $"New warning signs: {Counted(content.Warnings)}",
            (0, _) => $"Good news: {Counted(content.GoodNews)}",
            _ => $"New warning signs: {Counted(content.Warnings)}, and good news for {Count(Clients(content.GoodNews), "client")}",
        };
        var text = new StringBuilder();
        if (content.Warnings.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"New warning signs from {content.ClinicName} since the last email:\n\n");
            AppendByClient(text, content, content.Warnings);
        }

        if (content.GoodNews.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Good news since the last email, worth raising at the next session:\n\n");
            AppendByClient(text, content, content.GoodNews);
        }

        text.Append(CultureInfo.InvariantCulture, $"Your caseload in the portal (sign in to open it):\n{content.PortalLink}\n");
        var body = await html.RenderAsync<WarningSignEmail>(new Dictionary<string, object?> { ["Content"] = content });
        return new EmailMessage(content.Key, content.To, subject, text.ToString(), body);
    }

    private static void AppendByClient(StringBuilder text, WarningSignEmailContent content, IReadOnlyList<(string DisplayCode, AlertRecord Alert)> items)
    {
        var timeZone = content.TimeZone;
        foreach (var client in items.GroupBy(w => w.DisplayCode).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase))
        {
            text.Append(CultureInfo.InvariantCulture, $"{client.Key} ({content.ClientPageLink(client.First().Alert.ClientId)})\n");
            foreach (var (_, alert) in client.OrderBy(w => w.Alert.RaisedAt))
            {
                text.Append(CultureInfo.InvariantCulture, $"- {alert.Describe(timeZone)} (noticed {LocalTime(alert.RaisedAt, timeZone)})\n");
            }

            text.Append('\n');
        }
    }

    private static int Clients(IReadOnlyList<(string DisplayCode, AlertRecord Alert)> items) => items.Select(w => w.DisplayCode).Distinct().Count();

    private static string Counted(IReadOnlyList<(string DisplayCode, AlertRecord Alert)> items) => $"{items.Count} for {Count(Clients(items), "client")}";

    private async Task<EmailMessage> DigestAsync(DigestEmailContent content)
    {
        var digest = content.Digest;
        var subject = $"Your weekly digest: {Count(digest.NeedsAttention.Count, "client")} to look at first, {digest.Improving.Count} improving";
        var title = DigestPresentation.TitleOf(digest);
        var parameters = new Dictionary<string, object?> { ["Content"] = content, ["ClinicName"] = settings.ClinicName, ["Title"] = title };
        if (settings.MinimalDigests)
        {
            var counts = $"{Count(digest.NeedsAttention.Count, "client")} need{(digest.NeedsAttention.Count == 1 ? "s" : "")} attention, {digest.Improving.Count} improving, {digest.EveryoneElse.Count} others.";
            parameters["Counts"] = counts;
            return new EmailMessage(
                content.Key,
                content.To,
                subject,
                $"Your weekly digest from {settings.ClinicName}.\n\n{counts}\n\nThe details are in the portal (sign in to open it):\n{content.PortalLink}\n",
                await html.RenderAsync<DigestEmail>(parameters));
        }

        var images = new List<InlineImage>();
        var presentation = digests.Present(digest, png =>
        {
            var id = $"chart-{images.Count + 1}@outcomes";
            images.Add(new InlineImage(id, "image/png", png));
            return $"cid:{id}";
        });
        parameters["Presentation"] = presentation;
        var text = presentation.Text() + $"\nYour caseload in the portal (sign in to open it):\n{content.PortalLink}\n";
        return new EmailMessage(content.Key, content.To, subject, text, await html.RenderAsync<DigestEmail>(parameters)) { Images = images };
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
