using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;
using Outcomes.Api.Portal;

namespace Outcomes.Functions.Tests;

/// <summary>A portal form kept through sign-in: given back once, only to its own page, only for a quarter of an hour, never its token.</summary>
public class KeptFormTests
{
    private const string Acknowledge = "/portal/clients/0123456789abcdef0123456789abcdef/acknowledge";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly IDataProtectionProvider _keys = new EphemeralDataProtectionProvider();

    private string KeptCookie()
    {
        var posting = new DefaultHttpContext();
        var form = new FormCollection(new Dictionary<string, StringValues>
        {
            ["alert"] = "RiskAnswer:phq9:1",
            ["note"] = "Called the client",
            [Outcomes.Views.Portal.PortalForm.AntiforgeryField] = "old-session-token",
        });
        Assert.True(new KeptForm(_keys, _time).Keep(posting, Acknowledge, form));
        var setCookie = posting.Response.Headers.SetCookie.ToString();
        Assert.Contains("path=/portal", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Called the client", setCookie, StringComparison.Ordinal); // sealed, not readable
        return setCookie.Split(';')[0].Split('=', 2)[1];
    }

    private IReadOnlyDictionary<string, string>? TakeAt(string path, string cookie)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = $"{KeptForm.Cookie}={cookie}";
        return new KeptForm(_keys, _time).Take(context, path);
    }

    [Fact]
    public void TheFormsOwnPage_GetsItsFields_WithoutTheOldToken()
    {
        var fields = TakeAt(Acknowledge, KeptCookie());
        Assert.Equal(new Dictionary<string, string> { ["alert"] = "RiskAnswer:phq9:1", ["note"] = "Called the client" }, fields);
    }

    [Fact]
    public void AnotherPage_GetsNothing()
    {
        Assert.Null(TakeAt("/portal/clients/fedcba9876543210fedcba9876543210/acknowledge", KeptCookie()));
    }

    [Fact]
    public void AfterAQuarterOfAnHour_ItIsGone()
    {
        var cookie = KeptCookie();
        _time.Advance(KeptForm.Lifetime);
        Assert.Null(TakeAt(Acknowledge, cookie));
    }

    [Fact]
    public void AnAlteredCookie_GivesNothing()
    {
        var cookie = KeptCookie();
        Assert.Null(TakeAt(Acknowledge, cookie[..^4] + (cookie.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA")));
    }
}
