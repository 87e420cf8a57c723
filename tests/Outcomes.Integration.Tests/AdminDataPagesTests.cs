using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Outcomes.Local.SignIn;

namespace Outcomes.Integration.Tests;

/// <summary>
/// Data in and out from the admin's pages, over real HTTP against Azurite: an import checked first
/// and shown as a table, an export, subject access and erasure — the API's rules and audit, naming
/// the admin — and the audit log found by display code and therapist, with names and codes.
/// </summary>
[Collection(nameof(PracticeCollection))]
public class AdminDataPagesTests(PracticeFixture practice)
{
    private const string Header = "therapist_email,display_code,client_email,instruments,cadence_days,time_zone,first_check_in";

    [Fact]
    public async Task Import_IsCheckedAsATable_ThenImported_AndAFileWithMistakesListsThemByLineAndColumn()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        using var admin = new PortalBrowser(practice.Host);
        await admin.SignInAsync(LocalIdentityProvider.AdminEmail);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var wrong = $"{Header}\n{therapist.Email},M-{tag},m@client.example,phq9,7,Europe/London,\n{therapist.Email},N-{tag},n@client.example,phq9,700,Mars/Base,\n";

        var refused = await admin.PostFormAsync(AdminData, "/portal/admin/import", ("csv", wrong), ("action", "check"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using (var page = new HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync()))
        {
            var problems = page.QuerySelectorAll("#import-problems tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray()).ToList();
            Assert.Contains(problems, p => p[0] == "3" && p[1] == "cadence_days");
            Assert.Contains(problems, p => p[0] == "3" && p[1] == "time_zone");
            Assert.Equal(wrong, page.QuerySelector("#import-csv")!.TextContent);
            Assert.Null(page.QuerySelector("button[value=import]"));
        }

        var right = wrong.Replace(",700,Mars/Base,", ",14,Europe/Paris,", StringComparison.Ordinal);
        var checkedPage = await admin.PostFormAsync(AdminData, "/portal/admin/import", ("csv", right), ("action", "check"));
        Assert.Equal(HttpStatusCode.OK, checkedPage.StatusCode);
        using (var page = new HtmlParser().ParseDocument(await checkedPage.Content.ReadAsStringAsync()))
        {
            Assert.Equal([$"M-{tag}|would be enrolled", $"N-{tag}|would be enrolled"], page.QuerySelectorAll("#import-rows tbody tr").Select(r => $"{r.Children[1].TextContent}|{r.Children[2].TextContent}"));
            Assert.NotNull(page.QuerySelector("button[value=import]"));
        }

        Assert.DoesNotContain($"M-{tag}", await (await admin.GetAsync("/portal/admin")).Content.ReadAsStringAsync(), StringComparison.Ordinal); // a check writes nothing

        var imported = await admin.PostFormAsync(AdminData, "/portal/admin/import", ("csv", right), ("action", "import"));
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        Assert.Contains("Imported: 2 enrolled, 0 already enrolled.", await (await admin.GetAsync(imported.Headers.Location!.ToString())).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var again = new HtmlParser().ParseDocument(await (await admin.PostFormAsync(AdminData, "/portal/admin/import", ("csv", right), ("action", "check"))).Content.ReadAsStringAsync());
        Assert.All(again.QuerySelectorAll("#import-rows tbody tr"), r => Assert.Equal("already enrolled: unchanged", r.Children[2].TextContent));

        var audit = await practice.Http.GetFromJsonAsync<JsonElement>("/api/admin/audit?days=1");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "clients.imported" && e.GetProperty("actor").GetString() == $"{LocalIdentityProvider.AdminEmail} (admin)");
    }

    [Fact]
    public async Task Export_SubjectAccessAndErasure_FromPages_AreTheApisAndAudited_AndTheAuditLogFindsThemByCodeAndTherapist()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var code = $"X-{Guid.NewGuid():N}"[..8];
        var client = await therapist.EnrolClientAsync(code);
        await therapist.AnswerAsync(client, TherapistPractice.Phq9(12));
        using var admin = new PortalBrowser(practice.Host);
        await admin.SignInAsync(LocalIdentityProvider.AdminEmail);

        // The export is the API's, byte for byte.
        var export = await admin.GetAsync($"/portal/admin/export?instrument=phq9&layout=long&ids=code&therapist={therapist.Id}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment; filename=\"phq9-long.csv\"", export.Content.Headers.ContentDisposition!.ToString());
        Assert.Equal(await practice.Http.GetStringAsync($"/api/admin/export/phq9.csv?layout=long&ids=code&therapist={therapist.Id}"), await export.Content.ReadAsStringAsync());

        var access = await admin.GetAsync($"/portal/admin/clients/{client}/data");
        Assert.Equal(HttpStatusCode.OK, access.StatusCode);
        Assert.Contains($"Data held about client {code}", await access.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The audit log by display code: this client's entries, each naming the client by code, the admin by address.
        var byCode = new HtmlParser().ParseDocument(await (await admin.GetAsync($"/portal/admin/audit?code={code}")).Content.ReadAsStringAsync());
        var rows = byCode.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray()).ToList();
        Assert.Contains(rows, r => r[2] == "client.data-read" && r[1] == $"{LocalIdentityProvider.AdminEmail} (admin)");
        Assert.Contains(rows, r => r[2] == "client.enrolled");
        Assert.All(rows, r => Assert.StartsWith(code, r[3], StringComparison.Ordinal));
        var byTherapist = new HtmlParser().ParseDocument(await (await admin.GetAsync($"/portal/admin/audit?therapist={therapist.Id}")).Content.ReadAsStringAsync());
        Assert.Contains(byTherapist.QuerySelectorAll("tbody tr"), r => r.TextContent.Contains(code, StringComparison.Ordinal));
        var otherTherapist = await TherapistPractice.EnrolAsync(practice);
        var byOther = await (await admin.GetAsync($"/portal/admin/audit?therapist={otherTherapist.Id}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(code, byOther, StringComparison.Ordinal);

        // Erasure asks for the display code typed; a wrong one erases nobody.
        var wrong = await admin.PostFormAsync(AdminData, "/portal/admin/erase", ("client", client), ("confirm", "X-0"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        using (var page = new HtmlParser().ParseDocument(await wrong.Content.ReadAsStringAsync()))
        {
            Assert.Equal($"“X-0” is not {code}: type the display code of the client you chose", page.QuerySelector("#e-confirm-error")!.TextContent);
            Assert.Equal(client, page.QuerySelector("#e-client option[selected]")!.GetAttribute("value"));
        }

        Assert.Equal(HttpStatusCode.OK, (await practice.Http.GetAsync($"/api/admin/clients/{client}/data")).StatusCode);
        var erased = await admin.PostFormAsync(AdminData, "/portal/admin/erase", ("client", client), ("confirm", code.ToLowerInvariant()));
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        var said = await (await admin.GetAsync(erased.Headers.Location!.ToString())).Content.ReadAsStringAsync();
        Assert.Contains("The client is erased", said, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await practice.Http.GetAsync($"/api/admin/clients/{client}/data")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/portal/admin/clients/{client}/data")).StatusCode);
        var after = await practice.Http.GetFromJsonAsync<JsonElement>("/api/admin/audit?days=1");
        Assert.Contains(after.EnumerateArray(), e => e.GetProperty("action").GetString() == "client.erased" && e.GetProperty("actor").GetString() == $"{LocalIdentityProvider.AdminEmail} (admin)");

        // Not a therapist's pages.
        using var own = new PortalBrowser(practice.Host);
        await own.SignInAsync(therapist.Email);
        Assert.Equal(HttpStatusCode.Forbidden, (await own.GetAsync(AdminData)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await own.GetAsync("/portal/admin/export?instrument=phq9")).StatusCode);
    }

    private const string AdminData = "/portal/admin/data";
}
