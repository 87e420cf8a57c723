using MailKit.Net.Smtp;
using MailKit.Security;
using Outcomes.Practice.Email;

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
        try
        {
            await client.ConnectAsync(settings.SmtpHost ?? throw new InvalidOperationException("Outcomes:Email:SmtpHost is not set."), settings.SmtpPort, security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.SmtpUser))
            {
                await client.AuthenticateAsync(settings.SmtpUser, settings.SmtpPassword ?? "", cancellationToken);
            }

            await client.SendAsync(mime, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode is >= 400 and < 500)
        {
            // 4xx is the server's "not now" (greylisting, rate limits): try again later.
            throw new EmailDeferredException(TimeSpan.FromMinutes(1), $"The SMTP server answered {(int)ex.StatusCode} ({ex.ErrorCode})");
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted)
        {
            // Status and kind only: the server's words may quote the address, which logs must not carry.
            throw new EmailRejectedException($"The SMTP server refused the email: {(int)ex.StatusCode} ({ex.ErrorCode})");
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or SmtpProtocolException)
        {
            throw new EmailDeferredException(TimeSpan.FromSeconds(30), $"The SMTP server could not be reached: {ex.Message}", ex);
        }

        return mime.MessageId;
    }
}
