using AdminCaller = Outcomes.Api.AdminCaller;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Digests;
using Outcomes.Practice.Email;

namespace Outcomes.Integration.Tests;

/// <summary>
/// Data in and out over real HTTP against Azurite: a caseload imported from CSV, a client's own
/// data read back, and a client erased from every table and queue.
/// </summary>
[Collection(nameof(PracticeCollection))]
public class DataInOutTests(PracticeFixture practice)
{
    /// <summary>The audit's name for calls made with the fixture's admin key: the key's fingerprint, never the key.</summary>
    private static readonly string KeyActor = $"admin key {AdminCaller.Fingerprint(PracticeFixture.AdminKey)}";

    private static readonly string Header = "therapist_email,display_code,client_email,instruments,cadence_days,time_zone,first_check_in";

    [Fact]
    public async Task Import_DryRunChangesNothingThenImportsOnceAndAgainChangesNothing()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var first = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3));
        var csv = $"""
            {Header}
            {therapist.Email},I-1,i1@client.example,phq9;gad7;checkin,7,Europe/London,{first:yyyy-MM-dd}
            {therapist.Email.ToUpperInvariant()},I-2,i2@client.example,phq9 gad7,14,America/New_York,

            """;

        var dry = await ImportAsync(csv, "?dryRun=true");
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var planned = await dry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(planned.GetProperty("dryRun").GetBoolean());
        Assert.Equal(["enrol", "enrol"], Outcomes(planned));
        Assert.Empty(await CaseloadAsync(therapist.Id));

        var imported = await (await ImportAsync(csv)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["enrolled", "enrolled"], Outcomes(imported));
        Assert.Equal(new[] { 2, 3 }, imported.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()));
        Assert.Equal(["I-1", "I-2"], (await CaseloadAsync(therapist.Id)).Select(c => c.DisplayCode).Order());

        // The first invitation of I-1 waits for its date's sending hour (18:00 in London).
        var i1 = imported.GetProperty("rows")[0].GetProperty("clientId").GetString()!;
        var due = await RowsAsync(TableNames.Schedule, $"ClientId eq '{i1}'");
        Assert.Equal(PracticeSettingsLocal(first), Assert.Single(due).GetDateTimeOffset("DueAt"));

        var again = await (await ImportAsync(csv)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["unchanged", "unchanged"], Outcomes(again));
        Assert.Equal(0, again.GetProperty("enrolled").GetInt32());
        Assert.Equal(2, (await CaseloadAsync(therapist.Id)).Count);
    }

    [Fact]
    public async Task Import_TheSameFileTwiceAtOnce_EnrolsEachClientOnce()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var csv = Header + "\n" + string.Concat(Enumerable.Range(1, 6).Select(i => $"{therapist.Email},P-{i},p{i}@client.example,phq9;gad7,7,Europe/London,\n"));

        var both = await Task.WhenAll(ImportAsync(csv), ImportAsync(csv));

        // The two finish the same clients (each row's client has one id), never a second client; the file sent again finds every row done.
        Assert.All(both, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var caseload = await CaseloadAsync(therapist.Id);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"P-{i}"), caseload.Select(c => c.DisplayCode).Order());
        foreach (var client in caseload)
        {
            Assert.Single(await RowsAsync("Schedule", $"ClientId eq '{client.ClientId}' and Kind eq 'Invitation'"));
        }

        var again = await (await ImportAsync(csv)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.All(Outcomes(again), o => Assert.Equal("unchanged", o));
    }

    [Fact]
    public async Task Import_TwoFilesAtOnceSharingACodeWithOtherDetails_OneIsToldExactlyWhichRowsItWrote()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var first = $"{Header}\n{therapist.Email},Q-1,first@client.example,phq9,7,Europe/London,\n{therapist.Email},Q-2,q2@client.example,phq9,7,Europe/London,\n";
        var second = $"{Header}\n{therapist.Email},Q-3,q3@client.example,phq9,7,Europe/London,\n{therapist.Email},Q-1,second@client.example,phq9,7,Europe/London,\n";

        var both = await Task.WhenAll(ImportAsync(first), ImportAsync(second));

        // Q-1 is one client, with one file's details. The other file is refused: checked before writing (400, nothing
        // written) when the first had finished Q-1 by then, or while writing (409, naming the refused line and the lines that stand).
        var caseload = await CaseloadAsync(therapist.Id);
        var refused = Assert.Single(both, r => r.StatusCode != HttpStatusCode.OK);
        var detail = await refused.Content.ReadAsStringAsync();
        if (refused.StatusCode == HttpStatusCode.Conflict)
        {
            Assert.Contains("Not enrolled: line ", detail, StringComparison.Ordinal);
            Assert.Contains("Enrolled and audited: line", detail, StringComparison.Ordinal);
            Assert.Equal(["Q-1", "Q-2", "Q-3"], caseload.Select(c => c.DisplayCode).Order(StringComparer.Ordinal));
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("display_code", detail, StringComparison.Ordinal);
            Assert.Equal(2, caseload.Count); // Q-1 and the other file's own row
        }

        var audit = await practice.Http.GetFromJsonAsync<JsonElement>("/api/admin/audit?days=1");
        Assert.All(caseload, c => Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "client.enrolled" && e.GetProperty("clientId").GetString() == c.ClientId));
    }

    [Fact]
    public async Task Import_InterruptedMidway_ThenSentAgain_EnrolsEveryRowOnceInvitedOnTheCaseloadAndAudited()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var codes = Enumerable.Range(1, 5).Select(i => $"H-{i}").ToList();
        var csv = Header + "\n" + string.Concat(codes.Select(c => $"{therapist.Email},{c},{c.ToLowerInvariant()}@client.example,phq9;gad7,7,Europe/London,\n"));
        var third = PracticeAdministration.ImportedClientId(therapist.Id, "H-3");

        // Storage fails as the third client joins the caseload: the import stops there, half-way through that row.
        practice.Outage.FailWhen = message => message.Request.Uri.Path.Contains("/Summaries", StringComparison.Ordinal) && message.Request.Uri.Path.Contains(third, StringComparison.Ordinal);
        HttpResponseMessage interrupted;
        try
        {
            interrupted = await ImportAsync(csv);
        }
        finally
        {
            practice.Outage.FailWhen = null;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, interrupted.StatusCode);
        Assert.Equal(2, (await CaseloadAsync(therapist.Id)).Count);

        // The same file again finishes the third row and does the rest.
        var again = await ImportAsync(csv);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(["unchanged", "unchanged", "enrolled", "enrolled", "enrolled"], Outcomes(await again.Content.ReadFromJsonAsync<JsonElement>()));

        var caseload = await CaseloadAsync(therapist.Id);
        Assert.Equal(codes, caseload.Select(c => c.DisplayCode).Order(StringComparer.Ordinal));
        var audit = await practice.Http.GetFromJsonAsync<JsonElement>("/api/admin/audit?days=1");
        foreach (var client in caseload)
        {
            Assert.Equal(PracticeAdministration.ImportedClientId(therapist.Id, client.DisplayCode), client.ClientId);
            Assert.Contains(await practice.RowsAsync(client.ClientId), r => r.RowKey == "profile");
            Assert.Single(await RowsAsync("Schedule", $"ClientId eq '{client.ClientId}' and Kind eq 'Invitation'")); // invited once
            Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "client.enrolled" && e.GetProperty("clientId").GetString() == client.ClientId);
        }

        // And once more: nothing changes.
        Assert.All(Outcomes(await (await ImportAsync(csv)).Content.ReadFromJsonAsync<JsonElement>()), o => Assert.Equal("unchanged", o));
    }

    [Fact]
    public async Task Import_ReportsEveryBadCellByLineAndColumnAndWritesNothing()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2));
        var csv = $"""
            {Header}
            {therapist.Email},OK-1,ok@client.example,phq9,7,Europe/London,
            nobody@clinic.example,B-1,b1@client.example,phq9,7,Europe/London,
            {therapist.Email},B-2,not-an-address,phq10,weekly,Mars/Olympus,
            {therapist.Email},B-3,b3@client.example,phq9,7,Europe/London,{yesterday:yyyy-MM-dd}
            {therapist.Email},OK-1,other@client.example,gad7,7,Europe/London,
            {therapist.Email},B-4,b4@client.example,phq9,7
            """;

        var response = await ImportAsync(csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetString()))
            .ToList();
        Assert.Equal(
            [(3, "therapist_email"), (4, "cadence_days"), (4, "client_email"), (4, "instruments"), (4, "time_zone"), (5, "first_check_in"), (6, "display_code"), (7, null)],
            errors.Order());
        Assert.Empty(await CaseloadAsync(therapist.Id));
    }

    [Fact]
    public async Task Import_RefusesAnotherTypeATooLargeFileABadHeaderAndAChangedClient()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var json = await practice.Http.PostAsJsonAsync("/api/admin/clients/import", new { rows = 1 });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);

        var huge = await ImportAsync(Header + "\n" + new string('x', (1024 * 1024) + 10));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        var header = await ImportAsync("therapist_email,display_code,client_email\n");
        Assert.Equal(HttpStatusCode.BadRequest, header.StatusCode);
        var missing = (await header.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("column").GetString()).ToList();
        Assert.Equal(["cadence_days", "instruments", "time_zone"], missing.Order());

        // A display code the therapist already has, with other details: a problem, never an overwrite.
        await practice.EnrolClientAsync(therapist.Id, displayCode: "K-1");
        var changed = await ImportAsync($"{Header}\n{therapist.Email},K-1,someone.else@client.example,phq9,7,Europe/London,\n");
        Assert.Equal(HttpStatusCode.BadRequest, changed.StatusCode);
        Assert.Contains("other details", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var kept = Assert.Single(await CaseloadAsync(therapist.Id));
        var profile = await practice.Host.Services.GetRequiredService<IClientRecords>().FindClientAsync(kept.ClientId, CancellationToken.None);
        Assert.Equal("client@clinic.example", profile!.Email);
    }

    [Fact]
    public async Task SubjectAccess_GivesTheClientsAnswersScoresLinksAndEmailsAsJsonAndAsAPage()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("S-1");
        await therapist.AnswerAsync(client, [1, 0, 0, 0, 0, 0, 0, 0, 0]);
        await therapist.AnswerAsync(client, [3, 3, 3, 3, 3, 3, 3, 3, 1]); // a risk answer: the risk email is about the client alone
        await therapist.EmailsAsync("Risk alert");

        var data = await practice.Http.GetFromJsonAsync<JsonElement>($"/api/admin/clients/{client}/data");

        Assert.Equal("S-1", data.GetProperty("client").GetProperty("displayCode").GetString());
        Assert.Equal("client@clinic.example", data.GetProperty("client").GetProperty("email").GetString());
        var checkIns = data.GetProperty("checkIns").EnumerateArray().ToList();
        Assert.Equal([1, 2], checkIns.Select(c => c.GetProperty("number").GetInt32()));
        var phq9 = checkIns[1].GetProperty("answers").EnumerateArray().Single(a => a.GetProperty("instrument").GetString() == "phq9");
        Assert.Equal(1, phq9.GetProperty("choices").GetProperty("9").GetInt32());
        Assert.Equal(25, phq9.GetProperty("score").GetDouble());
        Assert.Equal(2, data.GetProperty("invitations").GetArrayLength());
        Assert.Contains(data.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("kind").GetString() == "RiskAnswer" && a.GetProperty("checkIn").GetInt32() == 2);
        var risk = Assert.Single(data.GetProperty("emails").EnumerateArray(), e => e.GetProperty("key").GetString()!.StartsWith("risk:", StringComparison.Ordinal));
        Assert.True(risk.GetProperty("ownEmail").GetBoolean());
        Assert.DoesNotContain("/q/", data.GetRawText(), StringComparison.Ordinal); // no link travels

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/admin/clients/{client}/data");
        request.Headers.Accept.ParseAdd("text/html");
        var page = await practice.Http.SendAsync(request);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        using var html = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());
        Assert.Equal("Data held about client S-1", html.QuerySelector("h1")!.TextContent);
        var rows = html.QuerySelectorAll("table tr").Select(r => r.TextContent).ToList();
        Assert.Contains("9. Thoughts that you would be better off dead or of hurting yourself in some waySeveral days (1)", rows);
        Assert.Contains("9. Thoughts that you would be better off dead or of hurting yourself in some wayNot at all (0)", rows);

        (await practice.Http.GetAsync($"/api/admin/clients/{client}/outcomes")).EnsureSuccessStatusCode();
        var audit = await practice.Http.GetFromJsonAsync<JsonElement>("/api/admin/audit?days=1");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "client.data-read" && e.GetProperty("clientId").GetString() == client && e.GetProperty("actor").GetString() == KeyActor);
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "client.outcomes-read" && e.GetProperty("clientId").GetString() == client);
        Assert.Equal(HttpStatusCode.BadRequest, (await practice.Http.GetAsync("/api/admin/audit?days=0")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await practice.Http.GetAsync($"/api/admin/clients/{Guid.NewGuid():N}/data")).StatusCode);
    }

    [Fact]
    public async Task Erasure_LeavesNothingAboutTheClientInAnyTableOrQueueAndTheAuditKeepsThatItHappened()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var code = $"E-{Guid.NewGuid():N}"[..10];
        var email = $"erase-{Guid.NewGuid():N}@client.example";
        var enrol = await practice.Http.PostAsJsonAsync("/api/admin/clients", new { therapistId = therapist.Id, displayCode = code, email, instruments = new[] { "phq9", "gad7", "checkin" }, cadenceDays = 7, timeZone = "Europe/London" });
        var client = (await enrol.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var other = await therapist.EnrolClientAsync("KEEP-1");

        // Answers, a risk alert and its email, a warning sign in the hourly email, a digest, a link waiting, a subject-access read.
        await therapist.AnswerAsync(client, TherapistPractice.Phq9(4));
        await therapist.AnswerAsync(client, [3, 3, 3, 3, 3, 3, 3, 3, 1]);
        await therapist.AnswerAsync(other, TherapistPractice.Phq9(4));
        await therapist.AnswerAsync(other, TherapistPractice.Phq9(16));
        await therapist.EmailsAsync("Risk alert");
        var now = DateTimeOffset.UtcNow;
        await practice.Host.Services.GetRequiredService<WarningSignRun>().RunAsync(now, CancellationToken.None);
        await practice.Host.Services.GetRequiredService<DigestRun>().SendNowAsync(therapist.Id, now, CancellationToken.None);
        await practice.InviteAsync(client);
        await practice.Http.GetAsync($"/api/admin/clients/{client}/data");
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));

        // An hourly email claimed and not yet finished, naming both clients' warnings.
        var caseloads = practice.Host.Services.GetRequiredService<ICaseloads>();
        var claim = new PendingWarnings($"warnings:{therapist.Id}:{now.UtcTicks + 1}", now, [new WarningRef(client, "k1"), new WarningRef(other, "k2")]);
        Assert.True(await caseloads.ClaimWarningEmailAsync(await caseloads.ReadCaseloadAsync(therapist.Id, CancellationToken.None), claim, CancellationToken.None));
        Assert.NotEmpty(await FindAsync(client, email, code)); // the scan finds what is there

        var erased = await practice.Http.DeleteAsync($"/api/admin/clients/{client}");

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        var reference = erased.Headers.GetValues("Outcomes-Erasure").Single();
        Assert.Empty(await FindAsync(client, email, code));
        foreach (var path in new[] { "outcomes", "data", "fhir" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await practice.Http.GetAsync($"/api/admin/clients/{client}/{path}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await practice.Http.DeleteAsync($"/api/admin/clients/{client}")).StatusCode);

        // The therapist's digest named both: only its metadata is left, naming the other client; the other client's records are all there.
        var digest = (await RowsAsync(TableNames.Outbox, $"Key eq 'digest:{therapist.Id}:now:{now.UtcTicks}'")).Single();
        Assert.Null(digest.GetString("Text"));
        Assert.Null(digest.GetString("Html"));
        Assert.Equal(other, digest.GetString("Names"));
        Assert.NotNull(digest.GetDateTimeOffset("BodyRemovedAt"));
        Assert.Equal(2, PracticeFixture.Count(await practice.RowsAsync(other), "score|"));
        Assert.Equal([new WarningRef(other, "k2")], (await caseloads.ReadCaseloadAsync(therapist.Id, CancellationToken.None)).Pending!.Warnings);

        var audit = await practice.Http.GetFromJsonAsync<JsonElement>("/api/admin/audit?days=1");
        var entry = Assert.Single(audit.EnumerateArray(), e => e.GetProperty("detail").GetString()!.Contains(reference, StringComparison.Ordinal));
        Assert.Equal(("client.erased", KeyActor), (entry.GetProperty("action").GetString(), entry.GetProperty("actor").GetString()));
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("clientId").ValueKind);
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "client.data-read" && e.GetProperty("detail").GetString()!.Contains("since erased", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Zoë O'Brien-7")] // an apostrophe and a letter outside ASCII: encoded differently by HTML, URLs and JSON
    [InlineData("A\"1 <b>")]    // quotes and markup
    [InlineData("26")]           // a bare number, like the scores beside it
    [InlineData("E-1")]          // the start of another client's code (E-10)
    public async Task Erasure_GoesByRecord_SoNoEncodingHidesARemnantAndNoOtherEmailChanges(string code)
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var email = $"erase-{Guid.NewGuid():N}@client.example";
        var enrol = await practice.Http.PostAsJsonAsync("/api/admin/clients", new { therapistId = therapist.Id, displayCode = code, email, instruments = new[] { "phq9", "gad7", "checkin" }, cadenceDays = 7, timeZone = "Europe/London" });
        enrol.EnsureSuccessStatusCode();
        var client = (await enrol.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var other = await therapist.EnrolClientAsync("E-10");
        var words = $"my words {Guid.NewGuid():N}";

        // Each answers; the client has a risk alert and their own words; both are in an hourly email and a digest.
        await therapist.AnswerAsync(client, TherapistPractice.Phq9(4));
        await therapist.AnswerAsync(client, [3, 3, 3, 3, 3, 3, 3, 3, 1], breakthrough: 1, insight: words);
        await therapist.AnswerAsync(other, TherapistPractice.Phq9(4));
        await therapist.AnswerAsync(other, TherapistPractice.Phq9(20));
        await therapist.EmailsAsync("Risk alert");
        var now = DateTimeOffset.UtcNow;
        await practice.Host.Services.GetRequiredService<WarningSignRun>().RunAsync(now, CancellationToken.None);
        await practice.Host.Services.GetRequiredService<DigestRun>().SendNowAsync(therapist.Id, now, CancellationToken.None);
        // An email that names the other client alone (a digest of an earlier week, say), to see that it is left exactly as it was.
        await practice.Host.Services.GetRequiredService<Outcomes.Practice.Email.EmailDelivery>().QueueAsync(
            new Outcomes.Practice.Email.EmailMessage($"invitation:{other}:2026-01-01", "e10@client.example", "Time for your check-in", "E-10's link", "<p>E-10's link</p>") { Names = [other] }, CancellationToken.None);
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));

        var outbox = await RowsAsync(TableNames.Outbox, "PartitionKey lt '~'");
        var naming = outbox.Where(r => (r.GetString("Names") ?? "").Split(',').Contains(client)).ToList();
        Assert.Contains(naming, r => (r.GetString("Key") ?? "").StartsWith("risk:", StringComparison.Ordinal));
        Assert.Contains(naming, r => (r.GetString("Key") ?? "").StartsWith("warnings:", StringComparison.Ordinal));
        Assert.Contains(naming, r => (r.GetString("Key") ?? "").StartsWith("digest:", StringComparison.Ordinal));
        var untouched = outbox.Except(naming).ToDictionary(r => r.RowKey, Snapshot);
        Assert.NotEmpty(untouched);

        Assert.Equal(HttpStatusCode.NoContent, (await practice.Http.DeleteAsync($"/api/admin/clients/{client}")).StatusCode);

        // Nothing of the client anywhere: id, address, own words — and the code, in every encoding a page, link or JSON gives it.
        var traces = new List<string> { client, email, words };
        if (code.Length > 3)
        {
            traces.AddRange(Encodings(code));
        }

        Assert.Empty(await FindAsync([.. traces]));
        var after = (await RowsAsync(TableNames.Outbox, "PartitionKey lt '~'")).ToDictionary(r => r.RowKey);
        foreach (var row in naming)
        {
            // Each email that named the client is gone (theirs alone), or keeps its metadata alone, naming the others.
            if (after.TryGetValue(row.RowKey, out var left))
            {
                Assert.Null(left.GetString("Text"));
                Assert.Null(left.GetString("Html"));
                Assert.Equal("", left.GetString("Subject"));
                Assert.DoesNotContain(client, left.GetString("Names") ?? "", StringComparison.Ordinal);
            }
        }

        // Every other email is byte for byte as it was.
        foreach (var (rowKey, before) in untouched)
        {
            Assert.Equal(before, Snapshot(after[rowKey]));
        }
    }

    /// <summary>A row's properties as stored (its ETag and timestamp aside).</summary>
    private static string Snapshot(TableEntity row) =>
        string.Join("\n", row.Where(p => p.Key is not ("odata.etag" or "Timestamp")).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={(p.Value is byte[] bytes ? Convert.ToBase64String(bytes) : Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture))}"));

    /// <summary>A display code as pages, links and JSON may write it.</summary>
    private static IEnumerable<string> Encodings(string code) =>
    [
        code,
        System.Net.WebUtility.HtmlEncode(code),
        System.Text.Encodings.Web.HtmlEncoder.Default.Encode(code),
        System.Text.Encodings.Web.JavaScriptEncoder.Default.Encode(code),
        Uri.EscapeDataString(code),
        string.Concat(code.Select(c => c < 128 && char.IsLetterOrDigit(c) ? c.ToString() : $"&#x{(int)c:X};")),
        string.Concat(code.Select(c => c < 128 && char.IsLetterOrDigit(c) ? c.ToString() : $"&#{(int)c};")),
    ];

    [Theory]
    [InlineData("=HYPERLINK(\"//evil.invalid\",\"x\")")]
    [InlineData("+cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A9)")]
    public async Task DisplayCodesASpreadsheetWouldRun_AreRefusedAtEnrolmentAndImport(string code)
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);

        var enrol = await practice.Http.PostAsJsonAsync("/api/admin/clients", new { therapistId = therapist.Id, displayCode = code, email = "f@client.example", instruments = new[] { "phq9" }, cadenceDays = 7, timeZone = "Europe/London" });
        Assert.Equal(HttpStatusCode.BadRequest, enrol.StatusCode);
        Assert.Contains("must not start with =, +, - or @", await enrol.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var row = string.Join(',', therapist.Email, $"\"{code.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", "f@client.example", "phq9", "7", "Europe/London", "");
        var import = await ImportAsync($"{Header}\n{row}\n");
        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        Assert.Contains("display_code", await import.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await CaseloadAsync(therapist.Id));
    }

    [Fact]
    public async Task Export_NeutralisesACellASpreadsheetWouldRun_EvenFromACodeEnrolledBeforeTheRule()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("F-1");
        await therapist.AnswerAsync(client, TherapistPractice.Phq9(12));
        // A code written before the rule existed, straight into the client's profile and caseload row.
        foreach (var table in new[] { "Clients", "Summaries" })
        {
            var rows = await RowsAsync(table, table == "Clients" ? $"PartitionKey eq '{client}' and RowKey eq 'profile'" : $"RowKey eq '{client}'");
            foreach (var row in rows)
            {
                row["DisplayCode"] = "=1+1";
                await practice.Tables.GetTableClient(table).UpdateEntityAsync(row, Azure.ETag.All, TableUpdateMode.Merge);
            }
        }

        foreach (var layout in new[] { "wide", "long" })
        {
            var csv = await practice.Http.GetStringAsync($"/api/admin/export/phq9.csv?layout={layout}&ids=code&therapist={therapist.Id}");
            Assert.Contains("\"'=1+1\"", csv, StringComparison.Ordinal);
            Assert.DoesNotContain("\n=1+1", csv, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SentEmails_KeepTheirWordsThirtyDays_ThenTheirMetadataOnly()
    {
        var outbox = practice.Host.Services.GetRequiredService<IOutbox>();
        var sentAt = new DateTimeOffset(2020, 1, 15, 10, 0, 0, TimeSpan.Zero); // before anything else this practice sent
        var key = $"invitation:{Guid.NewGuid():N}:2020-01-15";
        await outbox.AddAsync(new EmailMessage(key, "old@client.example", "Time for your check-in", "words of 2020", "<p>words of 2020</p>") { Names = ["c0ffee"] }, sentAt, CancellationToken.None);
        await outbox.MarkSentAsync(key, sentAt, "op", CancellationToken.None);

        Assert.Equal(0, await outbox.ForgetBodiesAsync(sentAt, CancellationToken.None)); // not yet: it was sent at that moment, not before
        Assert.Equal(1, await outbox.ForgetBodiesAsync(sentAt.AddDays(30).AddSeconds(1), CancellationToken.None));

        var kept = await outbox.FindAsync(key, CancellationToken.None);
        Assert.Equal(("", "", EmailStatus.Sent, sentAt), (kept!.Message.Text, kept.Message.Html, kept.Status, kept.SentAt));
        Assert.Equal(["c0ffee"], kept.Message.Names);
        Assert.Equal(0, await outbox.ForgetBodiesAsync(sentAt.AddDays(31), CancellationToken.None)); // once only
    }

    [Fact]
    public async Task Erasure_TwiceAtOnce_BothEndWellAndNothingIsLeft()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("R-1");
        await therapist.AnswerAsync(client, TherapistPractice.Phq9(9));

        var both = await Task.WhenAll(practice.Http.DeleteAsync($"/api/admin/clients/{client}"), practice.Http.DeleteAsync($"/api/admin/clients/{client}"));

        Assert.Contains(both, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.All(both, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.NoContent, HttpStatusCode.NotFound }));
        Assert.Empty(await practice.RowsAsync(client));
        Assert.Empty(await CaseloadAsync(therapist.Id));
    }

    [Fact]
    public async Task Erasure_StorageDownHalfWay_Is503AndAskingAgainFinishesIt()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("O-1");
        await therapist.AnswerAsync(client, TherapistPractice.Phq9(9));

        // The outbox is the third place erasure goes (after the schedule and the queues): down, the client's own rows are untouched.
        practice.Outage.FailWhen = message => message.Request.Uri.Path.Contains("/Outbox", StringComparison.Ordinal);
        HttpResponseMessage failed;
        try
        {
            failed = await practice.Http.DeleteAsync($"/api/admin/clients/{client}");
        }
        finally
        {
            practice.Outage.FailWhen = null;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Contains(await practice.RowsAsync(client), r => r.RowKey == "profile");

        Assert.Equal(HttpStatusCode.NoContent, (await practice.Http.DeleteAsync($"/api/admin/clients/{client}")).StatusCode);
        Assert.Empty(await practice.RowsAsync(client));
        Assert.Empty(await CaseloadAsync(therapist.Id));
    }

    [Fact]
    public async Task Discharge_IsDatedForRetention()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("D-1");
        var before = DateTimeOffset.UtcNow;

        (await practice.Http.PostAsJsonAsync($"/api/admin/clients/{client}/status", new { status = "discharged" })).EnsureSuccessStatusCode();

        var data = await practice.Http.GetFromJsonAsync<JsonElement>($"/api/admin/clients/{client}/data");
        Assert.Equal("discharged", data.GetProperty("client").GetProperty("status").GetString());
        Assert.InRange(data.GetProperty("client").GetProperty("dischargedAt").GetDateTimeOffset(), before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));

        (await practice.Http.PostAsJsonAsync($"/api/admin/clients/{client}/status", new { status = "active" })).EnsureSuccessStatusCode();
        data = await practice.Http.GetFromJsonAsync<JsonElement>($"/api/admin/clients/{client}/data");
        Assert.Equal(JsonValueKind.Null, data.GetProperty("client").GetProperty("dischargedAt").ValueKind);
    }

    [Fact]
    public async Task AnswersOnARemovedInstrument_GoOutAsGivenUnscoredAndStopNoExport()
    {
        var client = await practice.EnrolClientAsync(instruments: ["phq9"], displayCode: "X-1");
        var store = new Outcomes.Storage.TableClientRecords(new Outcomes.Storage.PracticeTables(practice.Tables));
        var (_, hash) = QuestionnaireToken.Create(client);
        var now = DateTimeOffset.UtcNow;
        await store.AddInvitationAsync(new Invitation(client, "t", hash, ["phq9"], now, now.AddDays(7), null, null), CancellationToken.None);
        var answers = new Dictionary<string, Clinical.Scoring.AnswerSet> { ["retired"] = Clinical.Scoring.AnswerSet.FromValues(1, 2), ["phq9"] = Clinical.Scoring.AnswerSet.FromValues(1, 1, 1, 0, 0, 0, 0, 0, 0) };
        await store.RecordResponseAsync(new StoredResponse(client, $"{now.UtcTicks:D19}-gone0000", "t", now, answers), (await store.FindInvitationAsync(client, hash, CancellationToken.None))!, CancellationToken.None);

        var data = await practice.Http.GetFromJsonAsync<JsonElement>($"/api/admin/clients/{client}/data");
        var given = data.GetProperty("checkIns")[0].GetProperty("answers").EnumerateArray().ToDictionary(a => a.GetProperty("instrument").GetString()!);
        Assert.Equal(2, given["retired"].GetProperty("choices").GetProperty("2").GetInt32());
        Assert.Equal(JsonValueKind.Null, given["retired"].GetProperty("score").ValueKind);
        Assert.Equal(3, given["phq9"].GetProperty("score").GetDouble());

        var fhir = await practice.Http.GetStringAsync($"/api/admin/clients/{client}/fhir");
        Assert.DoesNotContain("retired", fhir, StringComparison.Ordinal);
        Assert.Contains("44261-6", fhir, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await practice.Http.GetAsync("/api/admin/export/fhir")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await practice.Http.GetAsync("/api/admin/export/phq9.csv")).StatusCode);
    }

    /// <summary>Every table row and visible queue message that holds any of the values, as "table: row" lines.</summary>
    private async Task<List<string>> FindAsync(params string[] values)
    {
        var found = new List<string>();
        await foreach (var table in practice.Tables.QueryAsync())
        {
            await foreach (var row in practice.Tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                var text = string.Join("|", row.Select(p => p.Value is byte[] ? "" : Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)));
                if (values.Any(v => text.Contains(v, StringComparison.OrdinalIgnoreCase)))
                {
                    found.Add($"{table.Name}: {row.PartitionKey} {row.RowKey}");
                }
            }
        }

        await foreach (var queue in practice.Queues.GetQueuesAsync())
        {
            foreach (var message in (await practice.Queues.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value)
            {
                var text = message.Body.ToString(); // the client decodes Base64, as the handlers read it
                if (values.Any(v => text.Contains(v, StringComparison.OrdinalIgnoreCase)))
                {
                    found.Add($"queue {queue.Name}: {message.MessageId}");
                }
            }
        }

        return found;
    }

    private Task<HttpResponseMessage> ImportAsync(string csv, string query = "") =>
        practice.Http.PostAsync($"/api/admin/clients/import{query}", new StringContent(csv, Encoding.UTF8, "text/csv"));

    private static string[] Outcomes(JsonElement result) =>
        result.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("outcome").GetString()!).ToArray();

    private async Task<IReadOnlyList<ClientSummary>> CaseloadAsync(string therapistId) =>
        (await practice.Host.Services.GetRequiredService<ICaseloads>().ReadCaseloadAsync(therapistId, CancellationToken.None)).Clients;

    private async Task<List<TableEntity>> RowsAsync(string table, string filter)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in practice.Tables.GetTableClient(table).QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static DateTimeOffset PracticeSettingsLocal(DateOnly day) => PracticeSettings.LocalHour(day, 18, "Europe/London");

    private static class TableNames
    {
        public const string Schedule = "Schedule";
        public const string Outbox = "Outbox";
    }
}
