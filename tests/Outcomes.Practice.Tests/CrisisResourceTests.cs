namespace Outcomes.Practice.Tests;

/// <summary>The clinic's crisis services, from the one setting `azd env set` carries.</summary>
public class CrisisResourceTests
{
    [Fact]
    public void Setting_GivesEachServiceWithItsNumberToDial()
    {
        var (resources, problems) = CrisisResource.Parse("Samaritans | 116 123 | any time | https://www.samaritans.org;\nNHS 111 | 111 | option 2 ; Lifeline | +1 (988) 555-0100");

        Assert.Empty(problems);
        Assert.Equal(
            [new("Samaritans", "116 123", "any time", "https://www.samaritans.org"), new("NHS 111", "111", "option 2"), new("Lifeline", "+1 (988) 555-0100")],
            resources);
        Assert.Equal(["116123", "111", "+19885550100"], resources.Select(r => r.Dial));
    }

    [Fact]
    public void NoSetting_IsNoServices()
    {
        Assert.Empty(CrisisResource.Parse(null).Resources);
        Assert.Empty(CrisisResource.Parse("  ").Problems);
    }

    [Theory]
    [InlineData("Samaritans", "entry 1 needs a phone number")]
    [InlineData("| 116 123", "entry 1 needs a name")]
    [InlineData("Samaritans | call us", "entry 1 needs a phone number")]
    [InlineData("Samaritans | 116 123 | any time | http://samaritans.org", "entry 1: the web address must start with https://")]
    [InlineData("A | 111; B | 12", "entry 2 needs a phone number")]
    [InlineData("A | 111 | x | https://a.example | more", "entry 1 has more than name | phone | hours | web")]
    public void ABrokenEntry_IsNamedAndNothingIsShown(string setting, string problem)
    {
        var (resources, problems) = CrisisResource.Parse(setting);
        Assert.Empty(resources);
        Assert.Contains(problems, p => p.StartsWith(problem, StringComparison.Ordinal));
    }
}
