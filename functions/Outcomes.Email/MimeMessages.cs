using MimeKit;
using Outcomes.Practice.Email;

namespace Outcomes.Email;

/// <summary>An email as MIME: a plain-text and an HTML alternative, and the images the HTML shows.</summary>
internal static class MimeMessages
{
    public static MimeMessage From(EmailMessage message, EmailSettings settings)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(settings.FromName, settings.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;

        // A stable Message-ID per outbox key lets a receiving server drop a duplicate delivery.
        mime.MessageId = $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(message.Key)))[..32]}@outcomes";
        var body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html };
        foreach (var image in message.Images)
        {
            // Linked to the HTML by Content-ID (multipart/related), so mail clients show it inline.
            var part = body.LinkedResources.Add(image.ContentId.Split('@')[0] + ".png", image.Content, ContentType.Parse(image.ContentType));
            part.ContentId = image.ContentId;
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }
}
