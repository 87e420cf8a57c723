using Microsoft.Extensions.Options;
using Outcomes.Email;
using Outcomes.Practice;

namespace Outcomes.Hosting.Settings;

/// <summary>Refuses an email sender that could not send, naming the setting: a wrong sender fails at start, not at the first risk alert.</summary>
public sealed class EmailSettingsValidation : IValidateOptions<EmailSettings>
{
    public ValidateOptionsResult Validate(string? name, EmailSettings options)
    {
        var failures = new List<string>();
        if (options.Sender is not ("Folder" or "Smtp" or "Acs"))
        {
            failures.Add($"Outcomes:Email:Sender is '{Problem.Excerpt(options.Sender)}'; it must be Folder, Smtp or Acs.");
        }

        if (options.Sender != "Folder" && !EmailAddress.IsDeliverable(options.From))
        {
            failures.Add($"Outcomes:Email:From is '{Problem.Excerpt(options.From)}'; it must be a plain email address (local@domain).");
        }

        if (options.MaxPerMinute is < 0 or > 100_000)
        {
            failures.Add($"Outcomes:Email:MaxPerMinute is {options.MaxPerMinute}; it must be 0 (unpaced) or a number of emails a minute.");
        }

        if (options.MaxPerHour is < 0 or > 10_000_000)
        {
            failures.Add($"Outcomes:Email:MaxPerHour is {options.MaxPerHour}; it must be 0 (no hourly limit) or a number of emails an hour.");
        }

        if (options.Sender == "Smtp")
        {
            if (string.IsNullOrWhiteSpace(options.SmtpHost))
            {
                failures.Add("Outcomes:Email:SmtpHost is not set; the Smtp sender needs the server's host name.");
            }

            if (options.SmtpPort is < 1 or > 65535)
            {
                failures.Add($"Outcomes:Email:SmtpPort is {options.SmtpPort}; it must be a port from 1 to 65535.");
            }

            if (options.SmtpSecurity is not ("StartTls" or "Tls" or "None"))
            {
                failures.Add($"Outcomes:Email:SmtpSecurity is '{Problem.Excerpt(options.SmtpSecurity)}'; it must be StartTls, Tls or None.");
            }
        }

        // https, but for a stand-in on this machine (tests).
        if (options.Sender == "Acs" && !(Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) && (endpoint.Scheme == "https" || (endpoint.Scheme == "http" && endpoint.IsLoopback))))
        {
            failures.Add($"Outcomes:Email:Endpoint is '{Problem.Excerpt(options.Endpoint)}'; the Acs sender needs the resource's https endpoint.");
        }

        if (options.Sender == "Folder" && string.IsNullOrWhiteSpace(options.Folder))
        {
            failures.Add("Outcomes:Email:Folder is empty; the Folder sender needs a folder to write .eml files to.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
