using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Outcomes.Local;

namespace Outcomes.Integration.Tests;

/// <summary>A setting the practice cannot run with stops start-up with a message naming it, before anything is stored or sent.</summary>
public class StartupSettingsTests
{
    [Theory]
    [InlineData("--Outcomes:SendingHour=25", "Outcomes:SendingHour")]
    [InlineData("--Outcomes:EscalateAfterHours=0", "Outcomes:EscalateAfterHours")]
    [InlineData("--Outcomes:PublicBaseUrl=outcomes.clinic.example", "Outcomes:PublicBaseUrl")]
    [InlineData("--Outcomes:DutyContact=duty desk", "Outcomes:DutyContact")]
    [InlineData("--Outcomes:ClinicName= ", "Outcomes:ClinicName")]
    [InlineData("--Outcomes:Email:Sender=Pigeon", "Outcomes:Email:Sender")]
    [InlineData("--Outcomes:Email:Sender=Acs", "Outcomes:Email:Endpoint")]
    [InlineData("--Outcomes:Email:Sender=Smtp", "Outcomes:Email:SmtpHost")]
    [InlineData("--Outcomes:Email:MaxPerMinute=-1", "Outcomes:Email:MaxPerMinute")]
    [InlineData("--Outcomes:CrisisResources=Samaritans | call us", "Outcomes:CrisisResources: entry 1 needs a phone number")]
    [InlineData("--Outcomes:RetainDischargedForDays=0", "Outcomes:RetainDischargedForDays")]
    [InlineData("--Outcomes:ExpectedRecoveryFile=/no/such/bands.json", "Outcomes:ExpectedRecoveryFile: ")]
    [InlineData("--Outcomes:Clinical:ExpectedRecoveryFrom=1", "Outcomes:Clinical:ExpectedRecoveryFrom is 1")]
    [InlineData("--Outcomes:Clinical:OwnExpectedRecoveryFrom=5", "Outcomes:Clinical:OwnExpectedRecoveryFrom is 5; the clinic's own expected recovery needs at least 20")]
    [InlineData("--Outcomes:Clients:ShareProgress=Always", "Outcomes:Clients:ShareProgress is 'Always'; it must be NotShared, Shown or ShownWithEmails")]
    [InlineData("--Outcomes:Clients:ShareProgress=2", "Outcomes:Clients:ShareProgress")]
    [InlineData("--Outcomes:Clinical:NotOnTrackMinimumImprovement=20", "Outcomes:Clinical:NotOnTrackMinimumImprovement is 20")]
    [InlineData("--Outcomes:Clinical:OpennessWindow=2", "Outcomes:Clinical:OpennessWindow is 2 and OpennessMinimumCheckIns 3")]
    [InlineData("--Outcomes:Clinical:NotOnTrackAfter=1.00:00:00", "Outcomes:Clinical:NotOnTrackAfter")]
    public async Task AWrongSetting_StopsStartUpNamingIt(string setting, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(setting));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANumberThatIsNotANumber_StopsStartUpNamingIt()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync("--Outcomes:SendingHour=six"));
        Assert.Contains("Outcomes:SendingHour", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("365", 365)]
    public void RetainDischargedForDays_EmptyAsAzdLeavesItKeepsRecords(string value, int? days)
    {
        // azd passes an unset OUTCOMES_RETAIN_DISCHARGED_FOR_DAYS as an empty app setting.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Outcomes:RetainDischargedForDays"] = value })
            .Build();
        var options = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<Outcomes.Hosting.Settings.OutcomesOptions>(configuration.GetSection("Outcomes"))!;
        Assert.Equal(days, options.RetainDischargedForDays);
        Assert.Equal(days is int d ? TimeSpan.FromDays(d) : null, options.ToPracticeSettings().RetainDischargedFor);
        Assert.True(new Outcomes.Hosting.Settings.OutcomesOptionsValidation().Validate(null, options).Succeeded);
    }

    [Fact]
    public void ClinicalThresholds_AreTheClinicsWhenSet_AndClinicalMdsOtherwise()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Outcomes:Clinical:NotOnTrackMinimumImprovement"] = "0.3",
                ["Outcomes:Clinical:NotOnTrackAfter"] = "42.00:00:00",
            })
            .Build();
        var options = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<Outcomes.Hosting.Settings.OutcomesOptions>(configuration.GetSection("Outcomes"))!;
        var clinical = options.ToPracticeSettings().Clinical;

        Assert.Equal(0.3, clinical.NotOnTrackMinimumImprovement);
        Assert.Equal(TimeSpan.FromDays(42), clinical.NotOnTrackAfter);
        Assert.Equal(Clinical.ClinicalSettings.Default with { NotOnTrackMinimumImprovement = 0.3, NotOnTrackAfter = TimeSpan.FromDays(42) }, clinical);
        Assert.True(new Outcomes.Hosting.Settings.OutcomesOptionsValidation().Validate(null, options).Succeeded);
    }

    // Storage is named but never reached: the settings are checked first.
    private static async Task StartAsync(string setting)
    {
        await using var host = await LocalHost.StartAsync(
            ["--urls", "http://127.0.0.1:0", "--OutcomesTables=UseDevelopmentStorage=true", "--OutcomesQueues=UseDevelopmentStorage=true", setting],
            TextWriter.Null,
            CancellationToken.None,
            new LocalHostOptions { RunTimers = false });
    }
}
