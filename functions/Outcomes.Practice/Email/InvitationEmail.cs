using System.Globalization;
using System.Net;

namespace Outcomes.Practice.Email;

/// <summary>
/// The email that asks a client to check in. It carries the link and the clinic's name only:
/// no name, no diagnosis, nothing a stranger reading over a shoulder would learn much from.
/// </summary>
public static class InvitationEmail
{
    /// <summary>One invitation per client and cycle: the outbox keeps each key once.</summary>
    public static string Key(string clientId, DateOnly cycle) => $"invitation:{clientId}:{cycle:yyyy-MM-dd}";

    public static EmailMessage Compose(string clientId, string to, string clinicName, string link, DateTimeOffset expiresAt, DateOnly cycle)
    {
        var expires = expiresAt.ToString("dddd d MMMM", CultureInfo.InvariantCulture);
        var subject = $"Your check-in for {clinicName}";
        var text =
            $"Hello,\n\nIt is time for your regular check-in with {clinicName}. It takes about three minutes:\n\n{link}\n\n" +
            $"The link works once, until {expires}. If you did not expect this email, you can ignore it.\n";
        static string e(string value) => WebUtility.HtmlEncode(value);
        var html =
            $"<p>Hello,</p><p>It is time for your regular check-in with {e(clinicName)}. It takes about three minutes.</p>" +
            $"<p><a href=\"{e(link)}\">Start my check-in</a></p>" +
            $"<p>The link works once, until {e(expires)}. If you did not expect this email, you can ignore it.</p>";
        return new EmailMessage(Key(clientId, cycle), to, subject, text, html);
    }

    /// <summary>The one reminder, for an invitation still unanswered; the same link.</summary>
    public static EmailMessage ComposeReminder(string clientId, string to, string clinicName, string link, DateTimeOffset expiresAt, DateOnly cycle)
    {
        var invitation = Compose(clientId, to, clinicName, link, expiresAt, cycle);
        return invitation with
        {
            Key = $"reminder:{clientId}:{cycle:yyyy-MM-dd}",
            Subject = $"Reminder: your check-in for {clinicName}",
            Text = "A gentle reminder. " + invitation.Text,
            Html = "<p>A gentle reminder.</p>" + invitation.Html,
        };
    }
}
