using System.Globalization;
using System.Text;
using Outcomes.Practice;
using static Outcomes.Practice.Email.EmailText;

namespace Outcomes.Practice.Email;

/// <summary>One therapist's new warning signs in one email: each client's display code and what happened, in plain words.</summary>
public static class WarningSignEmail
{
    public static EmailMessage Compose(string key, Therapist therapist, IReadOnlyList<(string DisplayCode, AlertRecord Alert)> warnings, string caseloadLink, string clinicName)
    {
        var clients = warnings.Select(w => w.DisplayCode).Distinct().Count();
        var subject = $"New warning signs: {warnings.Count} for {clients} client{(clients == 1 ? "" : "s")}";
        var text = new StringBuilder($"New warning signs from {clinicName} since the last email:\n\n");
        var html = new StringBuilder($"<p>New warning signs from {Html(clinicName)} since the last email:</p>");
        foreach (var client in warnings.GroupBy(w => w.DisplayCode).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase))
        {
            text.Append(CultureInfo.InvariantCulture, $"{client.Key}\n");
            html.Append(CultureInfo.InvariantCulture, $"<h3 style=\"font-size:16px;margin:12px 0 4px\">{Html(client.Key)}</h3><ul>");
            foreach (var (_, alert) in client.OrderBy(w => w.Alert.RaisedAt))
            {
                var when = LocalTime(alert.RaisedAt, therapist.TimeZone);
                text.Append(CultureInfo.InvariantCulture, $"- {alert.Description} (noticed {when})\n");
                html.Append(CultureInfo.InvariantCulture, $"<li>{Html(alert.Description)} <span style=\"color:#555\">(noticed {Html(when)})</span></li>");
            }

            text.Append('\n');
            html.Append("</ul>");
        }

        text.Append(CultureInfo.InvariantCulture, $"Your caseload page:\n{caseloadLink}\n");
        html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{Html(caseloadLink)}\">Open your caseload page</a></p>");
        return new EmailMessage(key, therapist.Email, subject, text.ToString(), html.ToString());
    }
}
