using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Outcomes.Storage;

namespace Outcomes.Integration.Tests;

/// <summary>Whatever arrives, the answer is a clear 4xx that changes nothing, never a 5xx; and every JSON answer is marked personal.</summary>
[Collection(nameof(PracticeCollection))]
public class BadInputTests(PracticeFixture practice)
{
    private static StringContent Json(string json, string contentType = "application/json") => new(json, Encoding.UTF8, contentType);

    [Fact]
    public async Task InvalidUtf8InAJsonString_Is400OnEveryJsonRoute()
    {
        var token = await practice.InviteAsync(await practice.EnrolClientAsync(displayCode: "U-1"));
        byte[] body = [.. "{\"name\": \""u8, 0xC3, 0x28, .. "\", \"email\": \"x@clinic.example\", \"timeZone\": \"UTC\"}"u8];
        foreach (var path in new[] { "/api/admin/therapists", "/api/admin/clients", $"/api/q/{token}" })
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var response = await practice.Http.PostAsync(path, content);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EveryApiError_IsProblemDetailsNamingWhatIsWrong()
    {
        var token = await practice.InviteAsync(await practice.EnrolClientAsync(displayCode: "U-0"));
        var cases = new (Func<Task<HttpResponseMessage>> Send, HttpStatusCode Status)[]
        {
            (() => practice.Http.PostAsync("/api/admin/therapists", Json("{\"name\": 7, \"email\": \"a@clinic.example\", \"timeZone\": \"UTC\"}")), HttpStatusCode.BadRequest),
            (() => practice.Http.PostAsync("/api/admin/therapists", Json("{}", "text/plain")), HttpStatusCode.UnsupportedMediaType),
            (() => practice.Http.GetAsync("/api/admin/clients/00000000000000000000000000000000/outcomes"), HttpStatusCode.NotFound),
            (() => practice.Http.PostAsync("/api/q/not-a-link", Json("{\"answers\": {}}")), HttpStatusCode.NotFound),
            (() => practice.Http.PostAsync($"/api/q/{token}", Json("{\"answers\": {\"phq9\": [9]}}")), HttpStatusCode.BadRequest),
        };

        foreach (var (send, status) in cases)
        {
            var response = await send();
            Assert.Equal(status, response.StatusCode);
            Assert.True("application/problem+json" == response.Content.Headers.ContentType?.MediaType, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.AbsolutePath} gave {(int)response.StatusCode} {response.Content.Headers.ContentType} {await response.Content.ReadAsStringAsync()}");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
            if (status == HttpStatusCode.BadRequest)
            {
                Assert.NotEmpty(problem.GetProperty("errors").EnumerateArray());
            }
        }
    }

    [Fact]
    public async Task WrongOrMissingContentType_Is415ForJsonAnd400ForTheForm()
    {
        var token = await practice.InviteAsync(await practice.EnrolClientAsync(displayCode: "U-2"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await practice.Http.PostAsync("/api/admin/therapists", Json("{}", "text/plain"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await practice.Http.PostAsync($"/api/q/{token}", new ByteArrayContent("{}"u8.ToArray()))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await practice.Http.PostAsync($"/q/{token}", Json("{\"phq9.1\": 1}"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await practice.Http.PostAsync($"/q/{token}", new ByteArrayContent("phq9.1=1"u8.ToArray()))).StatusCode);

        var truncated = new ByteArrayContent("--b\r\nContent-Disposition: form-data; name=\"phq9.1\"\r\n\r\n1"u8.ToArray());
        truncated.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
        Assert.Equal(HttpStatusCode.BadRequest, (await practice.Http.PostAsync($"/q/{token}", truncated)).StatusCode);
        var boundaryless = new ByteArrayContent("phq9.1=1"u8.ToArray());
        boundaryless.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");
        Assert.Equal(HttpStatusCode.BadRequest, (await practice.Http.PostAsync($"/q/{token}", boundaryless)).StatusCode);

        // The link was never used by any of these.
        Assert.Equal(HttpStatusCode.OK, (await practice.Http.GetAsync($"/q/{token}")).StatusCode);
    }

    [Fact]
    public async Task ChunkedFormBodyOverTheLimit_Is413()
    {
        var token = await practice.InviteAsync(await practice.EnrolClientAsync(displayCode: "U-3"));
        var content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes("checkin.7text=" + new string('a', 200_000))));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/q/{token}") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await practice.Http.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("{\"name\": \"Dr A\", \"email\": \"a@clinic.example\", \"timeZone\": \"UTC\", \"digestDay\": \"Monday,Tuesday\"}", "digestDay")]
    [InlineData("{\"name\": \"Dr A\", \"email\": \"a@clinic.example\", \"timeZone\": \"UTC\", \"digestDay\": \"1\"}", "digestDay")]
    [InlineData("{\"name\": \"Dr A\", \"email\": \"a@clinic.example\", \"timeZone\": \"UTC\", \"digestHour\": 8.5}", "digestHour")]
    [InlineData("{\"name\": \"Dr A\", \"email\": \"a@clinic.example\", \"timeZone\": \"UTC\", \"digestHour\": \"8\"}", "digestHour")]
    [InlineData("{\"name\": \"Dr A\", \"email\": \"a@clinic.example\", \"timeZone\": \"UTC\", \"digestHour\": 1e10}", "digestHour")]
    [InlineData("{\"name\": \"Dr A\", \"email\": \"a.@example.com\", \"timeZone\": \"UTC\"}", "email")]
    [InlineData("{\"name\": \"Dr A\", \"email\": \"a@b\", \"timeZone\": \"UTC\"}", "email")]
    [InlineData("{\"name\": \"Dr A\", \"email\": \"a\\u202E@example.com\", \"timeZone\": \"UTC\"}", "email")]
    [InlineData("{\"name\": \"Dr \\u202EA\", \"email\": \"a@clinic.example\", \"timeZone\": \"UTC\"}", "name")]
    [InlineData("{\"name\": 7, \"email\": \"a@clinic.example\", \"timeZone\": \"UTC\"}", "name")]
    [InlineData("{\"name\": \"Dr A\", \"email\": \"a@clinic.example\", \"timeZone\": \"UTC\", \"progressEmails\": \"daily\"}", "progressEmails")]
    public async Task EnrollingATherapist_RefusesWhatItCannotUseExactly(string body, string field)
    {
        var therapists = await CountAsync(PracticeTables.TherapistsTable);
        var response = await practice.Http.PostAsync("/api/admin/therapists", Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("field").GetString() == field);
        Assert.All(errors, e => Assert.True(e.GetProperty("message").GetString()!.Length < 200));
        Assert.Equal(therapists, await CountAsync(PracticeTables.TherapistsTable));
    }

    [Fact]
    public async Task EveryFieldOfTheWrongKind_IsNamedInOneAnswer()
    {
        var therapists = await CountAsync(PracticeTables.TherapistsTable);
        var response = await practice.Http.PostAsync("/api/admin/therapists", Json("{\"name\": 7, \"email\": [\"a@clinic.example\"], \"timeZone\": \"UTC\", \"digestHour\": \"8\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString());
        Assert.Equal(["digestHour", "email", "name"], fields.Order());
        Assert.Equal(therapists, await CountAsync(PracticeTables.TherapistsTable));

        var token = await practice.InviteAsync(await practice.EnrolClientAsync(displayCode: "U-5"));
        Assert.Equal(HttpStatusCode.BadRequest, (await practice.Http.PostAsync($"/api/q/{token}", Json("{\"answers\": null}"))).StatusCode);
    }

    [Fact]
    public async Task AnErrorQuotesOnlyAShortExcerptOfTheInput()
    {
        var token = await practice.InviteAsync(await practice.EnrolClientAsync(displayCode: "U-4"));
        var long1 = new string('x', 20_000);
        var answered = await practice.SubmitAsync(token, new { answers = new Dictionary<string, object> { [long1] = new[] { 1 }, ["phq9"] = new[] { 1 } } });
        Assert.Equal(HttpStatusCode.BadRequest, answered.StatusCode);
        Assert.True((await answered.Content.ReadAsStringAsync()).Length < 2_000);

        var enrolled = await practice.Http.PostAsJsonAsync("/api/admin/clients", new { therapistId = await practice.EnrolTherapistAsync($"x-{Guid.NewGuid():N}@clinic.example"), displayCode = "X", email = "x@clinic.example", instruments = new[] { long1 }, cadenceDays = 7, timeZone = "UTC" });
        Assert.Equal(HttpStatusCode.BadRequest, enrolled.StatusCode);
        Assert.True((await enrolled.Content.ReadAsStringAsync()).Length < 2_000);
    }

    [Fact]
    public async Task MalformedIds_Are400Or404NotStorageOutages()
    {
        var response = await practice.Http.PostAsJsonAsync("/api/admin/clients", new { therapistId = "a/b", displayCode = "X", email = "x@clinic.example", instruments = new[] { "phq9" }, cadenceDays = 7, timeZone = "UTC" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await practice.Http.PostAsync("/api/admin/clients/a%2Fb/invitations", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await practice.Http.GetAsync("/api/admin/clients/..%2F..%2F/outcomes")).StatusCode);
        Assert.Contains((await practice.Http.GetAsync("/q/%00%2F")).StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.NotFound });
    }

    [Fact]
    public async Task JsonResponses_AreNotCachedNotSniffedAndNameNoServer()
    {
        foreach (var response in new[]
                 {
                     await practice.Http.PostAsJsonAsync("/api/admin/therapists", new { name = "Dr H", email = "h@clinic.example", timeZone = "UTC" }),
                     await practice.Http.PostAsync("/api/admin/therapists", Json("{")),
                     await practice.Http.GetAsync($"/api/admin/clients/{Guid.NewGuid():N}/outcomes"),
                     await practice.Http.PostAsync("/api/q/unknown", Json("{\"answers\": {}}")),
                 })
        {
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.False(response.Headers.Contains("Server"));
        }
    }

    private async Task<int> CountAsync(string table)
    {
        var count = 0;
        await foreach (var _ in practice.Tables.GetTableClient(table).QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }
}
