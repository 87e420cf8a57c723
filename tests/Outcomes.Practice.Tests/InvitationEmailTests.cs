using Outcomes.Practice.Email;

namespace Outcomes.Practice.Tests;

public class InvitationEmailTests
{
    [Fact]
    public void Invitation_CarriesTheLinkInBothPartsEncodedAndNothingPersonal()
    {
        var email = InvitationEmail.Compose("c1", "client@x.example", "Smith & Jones <Therapy>", "https://o.example/q/abc", new DateTimeOffset(2026, 12, 4, 18, 0, 0, TimeSpan.Zero), new DateOnly(2026, 11, 27));

        Assert.Equal("invitation:c1:2026-11-27", email.Key);
        Assert.Contains("https://o.example/q/abc", email.Text);
        Assert.Contains("<a href=\"https://o.example/q/abc\">", email.Html);
        Assert.Contains("Smith &amp; Jones &lt;Therapy&gt;", email.Html);
        Assert.DoesNotContain("<Therapy>", email.Html);
        Assert.Contains("Friday 4 December", email.Text);
    }
}
