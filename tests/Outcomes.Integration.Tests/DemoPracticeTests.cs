using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;
using Outcomes.Local;

namespace Outcomes.Integration.Tests;

/// <summary>The demo a newcomer sees: three clients who show what Outcomes notices, an emailed link, and the therapist's emails.</summary>
[Collection(nameof(PracticeCollection))]
public class DemoPracticeTests(PracticeFixture practice)
{
    [Fact]
    public async Task Demo_ShowsRecoveryWithSuddenGainDeteriorationAndNotOnTrackAndEmailsTheClientAndTheTherapist()
    {
        var seeded = await DemoPractice.SeedAsync(practice.Host.Services, CancellationToken.None);

        Assert.Superset(new HashSet<string> { "ReliableRecovery", "SuddenGain" }, await Kinds(seeded.RecoveringClientId));
        Assert.Contains("ReliableDeterioration", await Kinds(seeded.DeterioratingClientId));

        // One numbering of check-ins, from 1, in the finding's words and in the JSON.
        var outcomes = await practice.Http.GetFromJsonAsync<JsonElement>($"/api/admin/clients/{seeded.RecoveringClientId}/outcomes");
        var phq9 = outcomes.GetProperty("instruments").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "phq9");
        var gain = phq9.GetProperty("suddenGains").EnumerateArray().Single();
        var finding = outcomes.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("kind").GetString() == "SuddenGain" && f.GetProperty("instrument").GetString() == "phq9");
        Assert.Contains($"between check-ins {gain.GetProperty("preSession").GetInt32()} and {gain.GetProperty("postSession").GetInt32()}", finding.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(gain.GetProperty("postSession").GetInt32(), finding.GetProperty("checkIn").GetInt32());
        Assert.Contains("NotOnTrack", await Kinds(seeded.NotOnTrackClientId));

        // Replayed, the schedule is where a real one would be: each client's next invitation a week after their last check-in, none overdue.
        foreach (var id in new[] { seeded.RecoveringClientId, seeded.DeterioratingClientId, seeded.NotOnTrackClientId })
        {
            var due = new List<Azure.Data.Tables.TableEntity>();
            await foreach (var row in practice.Tables.GetTableClient("Schedule").QueryAsync<Azure.Data.Tables.TableEntity>($"ClientId eq '{id}' and Kind eq 'Invitation'"))
            {
                due.Add(row);
            }

            Assert.InRange(Assert.Single(due).GetDateTimeOffset("DueAt")!.Value, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(8));
        }

        var link = $"{practice.Host.BaseUrl}/q/{seeded.QuestionnaireToken}";
        MimeMessage? email = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); email is null && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            email = Directory.GetFiles(practice.EmailFolder, "*.eml").Select(f => MimeMessage.Load(f)).FirstOrDefault(m => m.TextBody?.Contains(link, StringComparison.Ordinal) == true);
        }

        Assert.NotNull(email);
        Assert.Contains(link, email.HtmlBody);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await practice.Http.GetAsync(link)).StatusCode);

        // The therapist's side of the same demo (one demo per practice: its therapist's address is fixed).
        await DemoDigest_PutsTheDeterioratingAndNotOnTrackClientsFirstAndTheRecoveryWithItsSuddenGainUnderImproving(seeded);
        await DemoExport_FeedsOutcomesAnalyzeAndA101sSuddenGainComesOut(seeded);
        await DemoFhir_IsValidR4WithLoincCodesForEveryCheckIn(seeded);
        await DemoPortal_TheTherapistSignsInAndSeesB202FirstWithTheRiskAnswerItemByItem(seeded);
        await DemoProgress_A101SeesTheirChartTheSuddenGainAndTheirAhaMoment_AndHadTheirMilestoneEmails(seeded);
    }

    /// <summary>The demo's "Client's progress:" link, as A-101 opens it: a button, then their page; their milestone emails in the folder.</summary>
    private async Task DemoProgress_A101SeesTheirChartTheSuddenGainAndTheirAhaMoment_AndHadTheirMilestoneEmails(DemoPractice.Seeded seeded)
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() });
        var link = new Uri(seeded.ProgressLink);
        Assert.Contains("Show my progress", await client.GetStringAsync(link), StringComparison.Ordinal);
        var shown = await client.PostAsync(link, new FormUrlEncodedContent([])); // followed to the page
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await shown.Content.ReadAsStringAsync());
        var milestones = page.QuerySelectorAll(".milestones li").Select(li => li.TextContent).ToList();
        Assert.Contains(milestones, m => m.Contains("A big step forward", StringComparison.Ordinal) && m.Contains("your PHQ-9 score went from 18 to 9", StringComparison.Ordinal));
        Assert.Contains(milestones, m => m.Contains($"“{DemoPractice.AhaWords}”", StringComparison.Ordinal));
        Assert.Equal(3, page.QuerySelectorAll("figure.chart svg").Length); // PHQ-9, GAD-7, openness
        Assert.Contains("big step forward", page.QuerySelector("figure.chart svg")!.TextContent, StringComparison.Ordinal);

        var emails = await PracticeFixture.EmailsInAsync(practice.EmailFolder, m => m.To.Mailboxes.Any(b => b.Address == "a-101@demo.invalid") && m.Subject?.StartsWith("You reached a milestone", StringComparison.Ordinal) == true);
        Assert.Contains(emails, m => m.TextBody!.Contains("A big step forward", StringComparison.Ordinal));
    }

    /// <summary>The demo's therapist in the portal, signed in with the demo's password as README says.</summary>
    private async Task DemoPortal_TheTherapistSignsInAndSeesB202FirstWithTheRiskAnswerItemByItem(DemoPractice.Seeded seeded)
    {
        using var browser = new PortalBrowser(practice.Host);
        var caseload = await (await browser.SignInAsync(DemoPractice.Seeded.TherapistEmail)).Content.ReadAsStringAsync();
        var attention = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(caseload).QuerySelector("#needs-attention")!;
        Assert.Equal("B-202", attention.QuerySelector("h3")!.TextContent);
        Assert.Contains("not yet acknowledged", attention.TextContent, StringComparison.Ordinal);

        var client = await (await browser.GetAsync($"/portal/clients/{seeded.DeterioratingClientId}")).Content.ReadAsStringAsync();
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(client);
        Assert.Contains("Not yet acknowledged", page.QuerySelector("#alerts")!.TextContent, StringComparison.Ordinal);
        // Items × check-ins, one grid per questionnaire in the one order (PHQ-9, GAD-7, the check-in); the risk answer stressed in the latest column.
        Assert.Equal(["PHQ-9", "GAD-7", "Session check-in"], page.QuerySelectorAll("#check-ins h3").Select(h => h.TextContent));
        var riskRow = page.QuerySelectorAll("#check-ins tr.risk")[0];
        Assert.Contains("Risk item: 9.", riskRow.TextContent, StringComparison.Ordinal);
        Assert.Equal(11, riskRow.Children.Length); // the question and ten check-ins

        // C-303: not on track against expected recovery, worded with the range and today's score; the range drawn on the chart, named synthetic.
        var c303 = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await (await browser.GetAsync($"/portal/clients/{seeded.NotOnTrackClientId}")).Content.ReadAsStringAsync());
        var noticed = c303.QuerySelector("#findings")!.TextContent;
        Assert.Matches(@"PHQ-9 is \d+ \([a-z ]+\) at check-in \d+, above the expected range \(synthetic reference\) of [\d.]+–[\d.]+ for a baseline of 16: not on track; PHQ-9 15 now \(check-in 10; expected [\d.]+–[\d.]+\)", noticed);
        var phq9Chart = c303.QuerySelectorAll("#charts figure")[0];
        Assert.NotNull(phq9Chart.QuerySelector("svg polygon.expected"));
        Assert.Contains("synthetic reference, not this clinic's clients", phq9Chart.QuerySelector("figcaption")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(riskRow.Children[^1].QuerySelector("strong"));
        Assert.Null(riskRow.Children[1].QuerySelector("strong"));

        // Before the session: B-202's scores now, with their change since baseline in the engine's words.
        var now = page.QuerySelector("#scores-now")!;
        Assert.StartsWith("PHQ-9", now.QuerySelectorAll("tbody tr")[0].TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("reliable deterioration", now.QuerySelectorAll("tbody tr")[0].TextContent, StringComparison.Ordinal);
        Assert.StartsWith("PHQ-9 item 9, “Thoughts that you would be better off dead", page.QuerySelector("#moved-most li.risk")!.TextContent, StringComparison.Ordinal);

        // A-101, recovered: what is going well is there beside whatever needs attention.
        var recovering = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await (await browser.GetAsync($"/portal/clients/{seeded.RecoveringClientId}")).Content.ReadAsStringAsync());
        Assert.Contains("reliable recovery", recovering.QuerySelector("#prep-going-well")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("sudden gain", recovering.QuerySelector("#prep-going-well")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>Both exports, fed to the CLI exactly as they come from the API.</summary>
    private async Task DemoExport_FeedsOutcomesAnalyzeAndA101sSuddenGainComesOut(DemoPractice.Seeded seeded)
    {
        var folder = Directory.CreateTempSubdirectory("outcomes-export-").FullName;
        try
        {
            var wide = await practice.Http.GetAsync($"/api/admin/export/phq9.csv?layout=wide&ids=code&therapist={seeded.TherapistId}");
            Assert.Equal("text/csv", wide.Content.Headers.ContentType?.MediaType);
            var widePath = Path.Combine(folder, "phq9-wide.csv");
            await File.WriteAllTextAsync(widePath, await wide.Content.ReadAsStringAsync());
            var scores = string.Join(",", Enumerable.Range(1, 10).Select(i => $"s{i}"));
            var (code, output, error) = Cli("analyze", "sudden-gains", "--input", widePath, "--id", "id", "--scores", scores, "--cutoff", "6");
            Assert.True(code == 0, error);
            Assert.Contains("A-101,3,4,18,9,9,0", output.Split('\n').Select(l => l.Trim()));

            var longCsv = await practice.Http.GetStringAsync($"/api/admin/export/phq9.csv?layout=long&ids=code&therapist={seeded.TherapistId}");
            var longPath = Path.Combine(folder, "phq9-long.csv");
            await File.WriteAllTextAsync(longPath, longCsv);
            (code, output, error) = Cli("analyze", "reliable-change", "--input", longPath, "--id", "id", "--time", "phase", "--score", "score", "--pre", "baseline", "--post", "latest", "--reliability", "0.84");
            Assert.True(code == 0, error);
            Assert.StartsWith("A-101,18,5,", output.Split('\n').Single(l => l.StartsWith("A-101,", StringComparison.Ordinal)), StringComparison.Ordinal);

            // By default, pseudonyms: stable, and not the display codes.
            var pseudonymous = await practice.Http.GetStringAsync($"/api/admin/export/phq9.csv?therapist={seeded.TherapistId}");
            Assert.DoesNotContain("A-101", pseudonymous, StringComparison.Ordinal);
            Assert.Equal(pseudonymous, await practice.Http.GetStringAsync($"/api/admin/export/phq9.csv?therapist={seeded.TherapistId}"));
            Assert.Matches(@"^p-[0-9a-f]{12},", pseudonymous.Split('\n')[1]);

            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await practice.Http.GetAsync("/api/admin/export/bdi.csv")).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await practice.Http.GetAsync("/api/admin/export/phq9.csv?layout=tall")).StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Every exported resource parsed by the SDK and validated by Firely against base R4: zero errors.</summary>
    private async Task DemoFhir_IsValidR4WithLoincCodesForEveryCheckIn(DemoPractice.Seeded seeded)
    {
        var response = await practice.Http.GetAsync($"/api/admin/clients/{seeded.RecoveringClientId}/fhir");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var bundle = Assert.IsType<Hl7.Fhir.Model.Bundle>(FhirValidation.Parse(await response.Content.ReadAsStringAsync()));
        Assert.Empty(FhirValidation.Errors(bundle));
        var resources = bundle.Entry.Select(e => e.Resource!).ToList();
        Assert.All(resources, r => Assert.Empty(FhirValidation.Errors(r)));

        var questionnaires = resources.OfType<Hl7.Fhir.Model.Questionnaire>().ToDictionary(q => q.Id!);
        Assert.Equal("44249-1", questionnaires["phq9"].Code.Single().Code);
        Assert.Equal("69737-5", questionnaires["gad7"].Code.Single().Code);
        Assert.Equal("44250-9", questionnaires["phq9"].Item[0].Code.Single().Code);
        Assert.Equal(["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"], questionnaires["phq9"].Item[0].AnswerOption.Select(o => ((Hl7.Fhir.Model.Coding)o.Value).Code));
        Assert.Equal("urn:outcomes:fhir:codes", questionnaires["checkin"].Code.Single().System);

        // A response per instrument per check-in, and an observation per total with its band: A-101's PHQ-9 went 18 … 5.
        Assert.Equal(30, resources.OfType<Hl7.Fhir.Model.QuestionnaireResponse>().Count());
        var phq9 = resources.OfType<Hl7.Fhir.Model.Observation>().Where(o => o.Code.Coding[0].Code == "44261-6").OrderBy(o => ((Hl7.Fhir.Model.FhirDateTime)o.Effective!).ToDateTimeOffset(TimeSpan.Zero)).ToList();
        Assert.Equal([18m, 17m, 18m, 9m, 8m, 7m, 6m, 6m, 5m, 5m], phq9.Select(o => ((Hl7.Fhir.Model.Quantity)o.Value!).Value!.Value));
        Assert.Equal("moderately severe", phq9[0].Interpretation.Single().Text);
        Assert.Equal("mild", phq9[^1].Interpretation.Single().Text);
        Assert.Contains(resources.OfType<Hl7.Fhir.Model.Observation>(), o => o.Code.Coding[0].Code == "70274-6");

        // The practice as NDJSON: one resource a line, each valid.
        var ndjson = await practice.Http.GetAsync("/api/admin/export/fhir");
        Assert.True(ndjson.IsSuccessStatusCode, $"{ndjson.StatusCode}: {await ndjson.Content.ReadAsStringAsync()}");
        Assert.Equal("application/fhir+ndjson", ndjson.Content.Headers.ContentType?.MediaType);
        var lines = (await ndjson.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains(seeded.DeterioratingClientId, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Empty(FhirValidation.Errors(FhirValidation.Parse(l))));
    }

    private static (int Code, string Output, string Error) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Outcomes.Cli.OutcomesCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Checked by parsing the digest's HTML, as a mail client would show it.</summary>
    private async Task DemoDigest_PutsTheDeterioratingAndNotOnTrackClientsFirstAndTheRecoveryWithItsSuddenGainUnderImproving(DemoPractice.Seeded seeded)
    {
        // The risk alert, the hourly emails of the ten weeks replayed (each when its check-in came in), and the digest.
        var emails = await practice.EmailsToAsync("therapist@demo.invalid", 7, m => m.Date >= DateTimeOffset.UtcNow.AddMinutes(-1));

        var risk = Assert.Single(emails, m => m.Subject == "Risk alert: client B-202, please confirm you have seen it");
        Assert.Contains("/a/", risk.TextBody, StringComparison.Ordinal);
        var hourly = emails.Where(m => m.Subject!.StartsWith("New warning signs", StringComparison.Ordinal) || m.Subject.StartsWith("Good news", StringComparison.Ordinal)).ToList();
        // Warnings: not on track against expected recovery for A-101 (PHQ-9 18 at check-in 3, before its sudden gain), B-202
        // (GAD-7 rising from 8) and C-303 (GAD-7 at check-in 3, PHQ-9 at check-in 4); B-202 by the rule of thumb (a PHQ-9
        // baseline below the cutoff) and its deterioration; good news for A-101 at check-ins 4 and 5.
        Assert.Equal(8, hourly.Count);

        var digest = Assert.Single(emails, m => m.Subject!.StartsWith("Your weekly digest", StringComparison.Ordinal));
        using var html = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(digest.HtmlBody!);
        string[] Codes(string section) => html.QuerySelectorAll($"#{section} .client").Select(e => e.GetAttribute("data-code")!).ToArray();
        Assert.Equal(["B-202", "C-303"], Codes("needs-attention"));
        Assert.Equal(["A-101"], Codes("improving"));
        Assert.Empty(Codes("everyone-else"));

        string Reasons(string code) => html.QuerySelector($".client[data-code='{code}'] ul")!.TextContent;

        // Every hourly line whose finding still holds is worded in the digest exactly as it was emailed —
        // check-in, date, scores; what has been superseded since (B-202's early "not on track", now a
        // deterioration; A-101's GAD-7 improvement, now a recovery; A-101's 'aha' moment of six weeks ago, an event
        // the digest counts only while recent) is not in the digest at all.
        var lines = hourly
            .SelectMany(m => m.TextBody!.Split('\n'))
            .Where(l => l.StartsWith("- Check-in ", StringComparison.Ordinal))
            .Select(l => l[2..l.LastIndexOf(" (noticed ", StringComparison.Ordinal)])
            .Distinct()
            .ToList();
        var inDigest = lines.Where(l => digest.TextBody!.Contains(l, StringComparison.Ordinal)).ToList();
        Assert.Contains("Check-in 7 (", string.Join('\n', inDigest), StringComparison.Ordinal); // B-202's deterioration
        Assert.Contains(inDigest, l => l.Contains("not on track", StringComparison.Ordinal) && Reasons("C-303").Contains(l, StringComparison.Ordinal));
        Assert.Contains(inDigest, l => l.EndsWith("sudden gain", StringComparison.Ordinal) && Reasons("A-101").Contains(l, StringComparison.Ordinal));
        Assert.All(lines.Except(inDigest), l => Assert.True(l.EndsWith("not on track", StringComparison.Ordinal) || l.StartsWith("Check-in 4 (", StringComparison.Ordinal) && l.EndsWith("GAD-7 fell from 14 to 8 since baseline: reliable improvement", StringComparison.Ordinal)
            || l.StartsWith("Check-in 4 (", StringComparison.Ordinal) && l.EndsWith("(an 'aha' moment)", StringComparison.Ordinal), l));
        Assert.DoesNotContain("not on track", Reasons("B-202"), StringComparison.Ordinal);

        // And the JSON agrees: each warning and good-news finding there is in the digest, under the same check-in number.
        foreach (var (code, id) in new[] { ("A-101", seeded.RecoveringClientId), ("B-202", seeded.DeterioratingClientId), ("C-303", seeded.NotOnTrackClientId) })
        {
            var outcomes = await practice.Http.GetFromJsonAsync<JsonElement>($"/api/admin/clients/{id}/outcomes");
            // An 'aha' moment is an event, good news in the digest while recent (28 days): A-101's is six weeks old.
            foreach (var f in outcomes.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("urgency").GetString() is "BatchedWarning" or "GoodNews" && f.GetProperty("kind").GetString() != "Breakthrough"))
            {
                Assert.Matches($@"Check-in {f.GetProperty("checkIn").GetInt32()} \([^)]+\): {System.Text.RegularExpressions.Regex.Escape(f.GetProperty("description").GetString()!)}", Reasons(code));
            }
        }

        Assert.Contains("not yet acknowledged", Reasons("B-202"), StringComparison.Ordinal);
        Assert.Contains("reliable deterioration", Reasons("B-202"), StringComparison.Ordinal);
        Assert.Contains("not on track", Reasons("C-303"), StringComparison.Ordinal);
        Assert.Matches(@"not on track; PHQ-9 15 now \(check-in 10; expected [\d.]+–[\d.]+\)", Reasons("C-303")); // the onset's words, and where it stands today
        Assert.DoesNotContain("'aha' moment", Reasons("A-101"), StringComparison.Ordinal);
        Assert.Contains("PHQ-9 fell from 18 to 9 between check-ins 3 and 4: sudden gain", Reasons("A-101"), StringComparison.Ordinal);
        Assert.Contains("reliable recovery", Reasons("A-101"), StringComparison.Ordinal);

        // A chart of PHQ-9 and of GAD-7 for each client who needs attention or is improving: inline PNGs whose text alternative carries the scores.
        var images = html.QuerySelectorAll("#needs-attention img, #improving img").ToList();
        Assert.Equal(6, images.Count);
        Assert.StartsWith("PHQ-9 at 10 check-ins, from 9 on ", images[0].GetAttribute("alt"), StringComparison.Ordinal);
        Assert.Contains("marked: reliable deterioration at check-in 7", images[0].GetAttribute("alt"), StringComparison.Ordinal);
        Assert.StartsWith("GAD-7 at 10 check-ins", images[1].GetAttribute("alt"), StringComparison.Ordinal);
        Assert.Contains("marked: reliable recovery at check-in 4; sudden gain at check-in 4", images[4].GetAttribute("alt"), StringComparison.Ordinal);
        var parts = digest.BodyParts.OfType<MimePart>().Where(p => p.ContentType.MimeType == "image/png").ToDictionary(p => p.ContentId!);
        foreach (var image in images)
        {
            var part = parts[image.GetAttribute("src")!["cid:".Length..]];
            using var png = new MemoryStream();
            await part.Content!.DecodeToAsync(png);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png.ToArray()[..4]); // the PNG signature
        }
    }

    private async Task<HashSet<string>> Kinds(string clientId)
    {
        var outcomes = await practice.Http.GetFromJsonAsync<JsonElement>($"/api/admin/clients/{clientId}/outcomes");
        return outcomes.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()!).ToHashSet();
    }
}
