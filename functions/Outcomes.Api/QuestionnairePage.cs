using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Outcomes.Clinical.Instruments;
using Outcomes.Practice;
using Outcomes.Clinical.Scoring;

namespace Outcomes.Api;

/// <summary>
/// <c>GET /q/{token}</c> and its form post: the questionnaire a client answers from the emailed
/// link. Server-rendered HTML that needs no JavaScript; every value is HTML-encoded; the page
/// forbids scripts, framing and referrers (the link's token must not leak).
/// </summary>
public sealed class QuestionnairePage(AnswerSubmission submission, InstrumentCatalog instruments, ApiSettings settings, PracticeSettings practice, ILogger<QuestionnairePage> logger)
{
    public const string DefaultCrisisText =
        "If you are in danger or might act on these thoughts, call your local emergency number now (999 in the UK, 112 in the EU, 911 in the US and Canada), " +
        "or go to your nearest emergency department. In the UK you can also call Samaritans on 116 123, any time, free. Your therapist has been told about your answer.";

    private const string Css = """
        body{font-family:system-ui,sans-serif;margin:0;padding:1rem;line-height:1.5;color:#1a1a1a;background:#fff;max-width:42rem}
        h1{font-size:1.4rem}fieldset{border:1px solid #767676;border-radius:.4rem;margin:0 0 1.5rem;padding:1rem}
        legend{font-weight:700;padding:0 .3rem}.item{margin:0 0 1rem}.item p{margin:0 0 .3rem;font-weight:600}
        label{display:block;padding:.35rem 0}input[type=radio]{width:1.2rem;height:1.2rem;margin-right:.5rem;vertical-align:middle}
        textarea{width:100%;min-height:5rem;font:inherit}
        button{font:inherit;font-size:1.1rem;padding:.7rem 1.4rem;border:0;border-radius:.4rem;background:#0b57d0;color:#fff}
        :focus-visible{outline:3px solid #b3261e;outline-offset:2px}
        .errors{border:3px solid #b3261e;padding:1rem;margin:0 0 1.5rem}.error{color:#b3261e;font-weight:600}
        .crisis{border:3px solid #b3261e;padding:1rem;background:#fff4f4}small{color:#4a4a4a}
        """;

    private static readonly string StyleHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)));

    /// <summary>Scripts, frames, plug-ins and foreign origins are all forbidden; only the page's own style and form posts are allowed.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{StyleHash}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public async Task<IResult> ShowAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        try
        {
            var (status, invitation) = await submission.FindOpenInvitationAsync(token, cancellationToken);
            return status switch
            {
                SubmissionStatus.Accepted => Page(request, StatusCodes.Status200OK, "Your check-in", Form(invitation!, [], new Dictionary<string, string>())),
                SubmissionStatus.AlreadyAnswered => AlreadyAnswered(request),
                _ => UnknownLink(request),
            };
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError(ex, "Storage unavailable while showing a questionnaire");
            return Page(request, StatusCodes.Status503ServiceUnavailable, "Please try again", "<p>The service is briefly unavailable. Please try the link again in a minute.</p>");
        }
    }

    public async Task<IResult> SubmitAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Page(request, StatusCodes.Status400BadRequest, "Your answers could not be read", "<p>Please send your answers with the form on the check-in page.</p>");
        }

        // Read up to the limit and no further, declared length or chunked, before the form is parsed.
        var body = await RequestBody.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return Page(request, StatusCodes.Status413PayloadTooLarge, "Too much text", "<p>That was more than the form can take. Please go back and shorten your answer.</p>");
        }

        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        try
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueLengthLimit = RequestBody.MaxBytes, MultipartBodyLengthLimit = RequestBody.MaxBytes }, cancellationToken);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or FormatException)
            {
                // A truncated or boundary-less multipart body, or a malformed encoding.
                return Page(request, StatusCodes.Status400BadRequest, "Your answers could not be read", "<p>Your answers arrived incomplete. Please go back to the check-in page and send them again.</p>");
            }

            var given = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            var (status, invitation) = await submission.FindOpenInvitationAsync(token, cancellationToken);
            if (status != SubmissionStatus.Accepted)
            {
                return status == SubmissionStatus.AlreadyAnswered ? AlreadyAnswered(request) : UnknownLink(request);
            }

            var answers = Read(invitation!, given);
            var result = await submission.SubmitAsync(invitation!, answers, cancellationToken); // the invitation was just read: no second read
            return result.Status switch
            {
                SubmissionStatus.Accepted => Page(request, StatusCodes.Status200OK, "Thank you", ThankYou(result.RiskAnswer)),
                SubmissionStatus.AlreadyAnswered => AlreadyAnswered(request),
                SubmissionStatus.UnknownLink => UnknownLink(request),
                _ => Page(request, StatusCodes.Status400BadRequest, "Your check-in", Form(invitation!, result.Problems!, given)),
            };
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError(ex, "Storage unavailable while submitting a questionnaire");
            return Page(request, StatusCodes.Status503ServiceUnavailable, "Please try again", "<p>Your answers could not be saved just now, and nothing was saved. Please go back and send them again in a minute.</p>");
        }
    }

    /// <summary>Form fields are named <c>{instrument}.{item}</c>; a value that is not a whole number is left out, and reported as missing.</summary>
    private Dictionary<string, AnswerSet> Read(Invitation invitation, Dictionary<string, string> given)
    {
        var answers = new Dictionary<string, AnswerSet>(StringComparer.Ordinal);
        foreach (var id in invitation.Instruments)
        {
            var instrument = instruments[id];
            var choices = new Dictionary<string, int>(StringComparer.Ordinal);
            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in instrument.Items)
            {
                if (!given.TryGetValue($"{id}.{item.Id}", out var value) || value.Length == 0)
                {
                    continue;
                }

                if (item.Kind == ItemKind.Text)
                {
                    texts[item.Id] = value;
                }
                else if (int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number))
                {
                    choices[item.Id] = number;
                }
            }

            answers[id] = new AnswerSet(choices, texts);
        }

        return answers;
    }

    private string Form(Invitation invitation, IReadOnlyList<AnswerProblem> problems, IReadOnlyDictionary<string, string> given)
    {
        var html = new StringBuilder();

        // In the order the questions stand on the page.
        problems = problems
            .OrderBy(p => invitation.Instruments.ToList().IndexOf(p.InstrumentId) is var i and >= 0 ? i : int.MaxValue)
            .ThenBy(p => instruments.TryGet(p.InstrumentId, out var found) && p.ItemId is not null ? found.Items.ToList().FindIndex(item => item.Id == p.ItemId) : -1)
            .ToList();
        if (problems.Count > 0)
        {
            html.Append("<div class=\"errors\" role=\"alert\" tabindex=\"-1\" id=\"errors\"><h2>Please check ").Append(problems.Count == 1 ? "one answer" : $"{problems.Count} answers").Append("</h2><ul>");
            foreach (var problem in problems)
            {
                var instrument = instruments.TryGet(problem.InstrumentId, out var found) ? found : null;
                var anchor = problem.ItemId is null ? problem.InstrumentId : $"{problem.InstrumentId}.{problem.ItemId}";
                var what = instrument is null ? E(problem.InstrumentId) : problem.ItemId is null ? E(instrument.Name) : $"{E(instrument.Name)}, question {E(problem.ItemId)}";
                html.Append($"<li><a href=\"#{E(anchor)}\">{what}: {E(Plain(problem.Message))}</a></li>");
            }

            html.Append("</ul></div>");
        }

        html.Append("<form method=\"post\" novalidate>");
        var wrong = problems.Where(p => p.ItemId is not null).Select(p => $"{p.InstrumentId}.{p.ItemId}").ToHashSet(StringComparer.Ordinal);
        foreach (var id in invitation.Instruments)
        {
            var instrument = instruments[id];
            html.Append($"<fieldset id=\"{E(id)}\"><legend>{E(instrument.Title)}</legend><p>{E(instrument.Instructions)}</p>");
            if (instrument.Notice is not null)
            {
                html.Append($"<p><small>{E(instrument.Notice)}</small></p>");
            }

            foreach (var item in instrument.Items)
            {
                var name = $"{id}.{item.Id}";
                given.TryGetValue(name, out var chosen);
                var error = wrong.Contains(name) ? $"<p class=\"error\" id=\"{E(name)}-error\">Please answer this question.</p>" : "";
                if (item.Kind == ItemKind.Text)
                {
                    html.Append($"<div class=\"item\"><p><label for=\"{E(name)}\">{E(item.Text)} <small>(optional)</small></label></p>{error}<textarea id=\"{E(name)}\" name=\"{E(name)}\" maxlength=\"{item.MaxLength}\">{E(chosen ?? "")}</textarea></div>");
                    continue;
                }

                var optional = item.Required ? "" : " <small>(optional)</small>";
                var described = error.Length > 0 ? $" aria-describedby=\"{E(name)}-error\"" : "";
                html.Append($"<div class=\"item\" role=\"radiogroup\" aria-labelledby=\"{E(name)}-q\"{described} id=\"{E(name)}\"><p id=\"{E(name)}-q\">{E(item.Text)}{optional}</p>{error}");
                foreach (var option in item.Options)
                {
                    var value = option.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var isChecked = chosen == value ? " checked" : "";
                    var required = item.Required ? " required" : "";
                    html.Append($"<label><input type=\"radio\" name=\"{E(name)}\" value=\"{value}\"{isChecked}{required}>{E(option.Label)}</label>");
                }

                html.Append("</div>");
            }

            if (instrument.Copyright is not null)
            {
                html.Append($"<p><small>{E(instrument.Copyright)}</small></p>");
            }

            html.Append("</fieldset>");
        }

        html.Append("<p><small>Your answers go only to your therapist at ")
            .Append(E(practice.ClinicName))
            .Append(". They are stored securely and never sent by email.</small></p><button type=\"submit\">Send my answers</button></form>");
        return html.ToString();
    }

    private string ThankYou(bool riskAnswer) => riskAnswer
        ? $"<div class=\"crisis\" role=\"alert\"><h2>Please look after yourself right now</h2><p>{E(settings.CrisisText ?? DefaultCrisisText)}</p></div><p>Thank you for your answers.</p>"
        : "<p>Thank you. Your answers have been received and your therapist will see them.</p>";

    private IResult UnknownLink(HttpRequest request) =>
        Page(request, StatusCodes.Status404NotFound, "This link does not work", $"<p>{E(QuestionnaireApi.UnknownLinkMessage)}</p>");

    private IResult AlreadyAnswered(HttpRequest request) =>
        Page(request, StatusCodes.Status409Conflict, "Already received", $"<p>{E(QuestionnaireApi.AlreadyAnsweredMessage)}</p>");

    private IResult Page(HttpRequest request, int status, string title, string body) =>
        HtmlPage.Render(request, status, title, body, practice.ClinicName, Css, ContentSecurityPolicy);

    private static string Plain(string message) => message switch
    {
        "needs an answer" => "please answer this question",
        _ => message,
    };

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
