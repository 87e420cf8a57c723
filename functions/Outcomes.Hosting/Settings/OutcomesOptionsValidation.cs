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

        if (options.Clients.ShareProgress is { Length: > 0 } share
            && !(Enum.TryParse<ProgressSharing>(share, ignoreCase: true, out var sharing) && Enum.IsDefined(sharing) && !share.Any(char.IsAsciiDigit)))
        {
            failures.Add($"Outcomes:Clients:ShareProgress is '{Problem.Excerpt(share)}'; it must be NotShared, Shown or ShownWithEmails.");
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
        else if (options.ExpectedRecoveryFile is { Length: > 0 } bands)
        {
            try
            {
                options.Catalog();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                failures.Add($"Outcomes:ExpectedRecoveryFile: {ex.Message}");
            }
        }

        failures.AddRange(ClinicalProblems(options.Clinical));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Thresholds a clinic may move, within what the rules still mean (a share is between 0 and 1, a window holds its minimum).</summary>
    private static IEnumerable<string> ClinicalProblems(Clinical.ClinicalSettings c)
    {
        const string at = "Outcomes:Clinical:";
        if (c.NotOnTrackAfter < TimeSpan.FromDays(7) || c.NotOnTrackAfter > TimeSpan.FromDays(365))
        {
            yield return $"{at}NotOnTrackAfter is {c.NotOnTrackAfter}; it must be from 7.00:00:00 (a week) to 365.00:00:00 (a year).";
        }

        if (!(c.NotOnTrackMinimumImprovement is > 0 and < 1))
        {
            yield return $"{at}NotOnTrackMinimumImprovement is {c.NotOnTrackMinimumImprovement}; it must be a share of the baseline score between 0 and 1 (0.20 is 20 %).";
        }

        if (!(c.SuddenGainPercent is > 0 and < 1))
        {
            yield return $"{at}SuddenGainPercent is {c.SuddenGainPercent}; it must be a share of the pre-gain score between 0 and 1 (0.25 is 25 %).";
        }

        if (!(c.SuddenGainAlpha is > 0 and <= 0.2))
        {
            yield return $"{at}SuddenGainAlpha is {c.SuddenGainAlpha}; it must be a significance level above 0 and at most 0.2 (0.05 by default).";
        }

        if (c.OpennessMinimumCheckIns < 2 || c.OpennessWindow < c.OpennessMinimumCheckIns || c.OpennessWindow > 52)
        {
            yield return $"{at}OpennessWindow is {c.OpennessWindow} and OpennessMinimumCheckIns {c.OpennessMinimumCheckIns}; a trend needs at least 2 check-ins, and the window (at most 52) must hold the minimum.";
        }

        if (!(c.OpennessSlope > 0))
        {
            yield return $"{at}OpennessSlope is {c.OpennessSlope}; it must be a number of points per check-in above 0.";
        }

        if (c.ExpectedRecoveryFrom is < 2 or > 12)
        {
            yield return $"{at}ExpectedRecoveryFrom is {c.ExpectedRecoveryFrom}; it must be a check-in from 2 to 12.";
        }

        if (c.OwnExpectedRecoveryFrom < Clinical.Trajectories.ExpectedRecovery.MinEpisodesPerStep)
        {
            yield return $"{at}OwnExpectedRecoveryFrom is {c.OwnExpectedRecoveryFrom}; the clinic's own expected recovery needs at least {Clinical.Trajectories.ExpectedRecovery.MinEpisodesPerStep} completed episodes (200 is the default).";
        }

        if (!(c.OpennessLargeDrop > 0))
        {
            yield return $"{at}OpennessLargeDrop is {c.OpennessLargeDrop}; it must be a number of points above 0.";
        }

        if (c.AllianceDrop < 1 || c.AllianceLow < 0)
        {
            yield return $"{at}AllianceDrop is {c.AllianceDrop} and AllianceLow {c.AllianceLow}; a drop must be at least 1 point, and the low answer 0 or more.";
        }

        if (c.MissedCheckIns is < 1 or > 12)
        {
            yield return $"{at}MissedCheckIns is {c.MissedCheckIns}; it must be from 1 to 12 links in a row.";
        }
    }

    public static bool IsWebAddress(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
