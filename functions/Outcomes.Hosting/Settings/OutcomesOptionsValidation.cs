using Microsoft.Extensions.Options;
using Outcomes.Practice;

namespace Outcomes.Hosting.Settings;

/// <summary>Refuses settings the practice cannot run with, naming each setting; start-up stops on the first run.</summary>
public sealed class OutcomesOptionsValidation : IValidateOptions<OutcomesOptions>
{
    public ValidateOptionsResult Validate(string? name, OutcomesOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClinicName))
        {
            failures.Add("Outcomes:ClinicName is empty; set the clinic's name as emails and pages should show it.");
        }

        if (options.PublicBaseUrl is { Length: > 0 } url && !IsWebAddress(url))
        {
            failures.Add($"Outcomes:PublicBaseUrl is '{Problem.Excerpt(url)}'; it must be an absolute http or https address, such as https://outcomes.clinic.example.");
        }

        if (options.SendingHour is < 0 or > 23)
        {
            failures.Add($"Outcomes:SendingHour is {options.SendingHour}; it must be an hour from 0 to 23.");
        }

        if (options.EscalateAfterHours is < 0.25 or > 72 || double.IsNaN(options.EscalateAfterHours))
        {
            failures.Add($"Outcomes:EscalateAfterHours is {options.EscalateAfterHours}; it must be a number from 0.25 to 72.");
        }

        if (options.DutyContact is { Length: > 0 } duty && !EmailAddress.IsDeliverable(duty))
        {
            failures.Add("Outcomes:DutyContact is not a plain email address (local@domain) that every sender can deliver to.");
        }

        if (options.ClinicContact is { Length: > 0 } contact && (!PlainText.IsPlain(contact) || contact.Length > 200))
        {
            failures.Add("Outcomes:ClinicContact must be plain text of at most 200 characters.");
        }

        foreach (var problem in CrisisResource.Parse(options.CrisisResources).Problems)
        {
            failures.Add($"Outcomes:CrisisResources: {problem}.");
        }

        if (options.RetainDischargedForDays is < 1 or > 36500)
        {
            failures.Add($"Outcomes:RetainDischargedForDays is {options.RetainDischargedForDays}; it must be a number of days from 1 to 36500, or unset to keep discharged clients' records.");
        }

        if (options.KeepEmailBodiesForDays is < 1 or > 3650)
        {
            failures.Add($"Outcomes:KeepEmailBodiesForDays is {options.KeepEmailBodiesForDays}; it must be a number of days from 1 to 3650.");
        }

        if (options.InstrumentFolder is { Length: > 0 } folder && !Directory.Exists(folder))
        {
            failures.Add($"Outcomes:InstrumentFolder is '{Problem.Excerpt(folder)}', which is not a folder here.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static bool IsWebAddress(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
