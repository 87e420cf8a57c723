using System.Globalization;
using Microsoft.AspNetCore.Http;
using Outcomes.Practice;
using Outcomes.Views.Portal;

namespace Outcomes.Api.Portal;

/// <summary>
/// The practice's checks (written for the API's field names) said in the portal form's words: each
/// field by its label, and what is wrong with what was typed — never "required" for a value given.
/// </summary>
public static class FormWords
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["name"] = "Name",
        ["email"] = "Email address",
        ["timeZone"] = "Time zone",
        ["digestDay"] = "Digest day",
        ["digestHour"] = "Digest hour",
        ["progressEmails"] = "Good news",
        ["therapistId"] = "Therapist",
        ["displayCode"] = "Display code",
        ["instruments"] = "Questionnaires",
        ["cadenceDays"] = "Every how many days",
        ["status"] = "Status",
        ["change"] = "Change",
    };

    public static string Label(string field) => Labels.GetValueOrDefault(field, field);

    /// <summary>A form's whole number, or null when left empty or not one: the check then refuses it, and <see cref="Message"/> says which from what was typed.</summary>
    public static int? Number(string? given) =>
        int.TryParse(given?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>What is wrong with the field, in words that fit what was typed into it.</summary>
    public static string Message(Problem problem, IFormCollection form)
    {
        var given = form[problem.Field].ToString().Trim();
        return problem.Field switch
        {
            "cadenceDays" => Number(given, "days between check-ins", 1, 90),
            "digestHour" => Number(given, "an hour of the day", 0, 23),
            "timeZone" => given.Length == 0
                ? "enter a time zone, such as Europe/London"
                : $"“{Problem.Excerpt(given)}” is not a time zone; use its IANA name, such as Europe/London or America/New_York",
            "instruments" when given.Length == 0 => "choose at least one questionnaire",
            "email" when given.Length == 0 => "enter an email address",
            "email" => $"“{Problem.Excerpt(given)}” is not an address email can be sent to (name@example.org)",
            _ when problem.Message == "required" => $"enter a {Label(problem.Field).ToLowerInvariant()}",
            _ => problem.Message,
        };
    }

    /// <summary>The form as typed and its problems field by field (the first of each), to show it again.</summary>
    public static FormState StateOf(HttpRequest request, IFormCollection form, IEnumerable<Problem> problems) =>
        new(
            request.Path.Value ?? "",
            form.Where(f => f.Key != PortalForm.AntiforgeryField).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal),
            problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => Message(g.First(), form), StringComparer.Ordinal));

    /// <summary>A summary line: the field's label and its problem.</summary>
    public static string Line(Problem problem, IFormCollection form) => $"{Label(problem.Field)}: {Message(problem, form)}";

    private static string Number(string given, string what, int min, int max) =>
        given.Length == 0 ? $"enter {what}, {min} to {max}"
        : !int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? $"“{Problem.Excerpt(given)}” is not a whole number; enter {what}, {min} to {max}"
        : $"{n} is not from {min} to {max}";
}
