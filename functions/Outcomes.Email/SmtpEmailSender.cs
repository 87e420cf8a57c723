using MailKit.Net.Smtp;
using MailKit.Security;
using Outcomes.Core.Email;

namespace Outcomes.Email;

/// <summary>Sends through an SMTP server with MailKit (ACS's SMTP relay, any provider, or smtp4dev locally).</summary>
public sealed class SmtpEmailSender(EmailSettings settings) : IEmailSender
{
    public async Task<string?> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var mime = MimeMessages.From(message, settings);
        using var client = new SmtpClient();
        var security = settings.SmtpSecurity switch
        {
            "Tls" => SecureSocketOptions.SslOnConnect,
            "None" => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(settings.SmtpHost ?? throw new InvalidOperationException("Outcomes:Email:SmtpHost is not set."), settings.SmtpPort, security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.SmtpUser))
        {
            await client.AuthenticateAsync(settings.SmtpUser, settings.SmtpPassword ?? "", cancellationToken);
        }

        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return mime.MessageId;
    }
}
