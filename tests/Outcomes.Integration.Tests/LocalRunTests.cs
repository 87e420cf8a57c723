using Outcomes.Local;

namespace Outcomes.Integration.Tests;

/// <summary>How `dotnet run` of the local host starts: Development, quiet unless asked, and each run's emails alone in its folder.</summary>
public sealed class LocalRunTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-run-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void PlainRun_IsDevelopmentWithItsOwnEmailFolderEmptiedOfTheLastRunsEmails()
    {
        var outbox = Directory.CreateDirectory(Path.Combine(_folder, LocalRun.DefaultEmailFolder)).FullName;
        File.WriteAllText(Path.Combine(outbox, "20261127-old.eml"), "stale");
        File.WriteAllText(Path.Combine(outbox, "notes.txt"), "someone's own file");

        var run = LocalRun.From(["--demo", "--urls", "http://127.0.0.1:5080"], new Dictionary<string, string>(), _folder);

        Assert.True(run.Demo);
        Assert.False(run.Verbose);
        Assert.Equal(["--urls", "http://127.0.0.1:5080", "--environment=Development", $"--Outcomes:Email:Folder={outbox}", $"--Outcomes:ClinicName={LocalRun.DemoClinicName}"], run.HostArgs);
        Assert.Equal(1, run.EmptyOwnEmailFolder());
        Assert.Equal(["notes.txt"], Directory.GetFiles(outbox).Select(Path.GetFileName));
    }

    [Fact]
    public void AConfiguredFolderEnvironmentOrSender_IsLeftAsConfigured()
    {
        var mine = Directory.CreateDirectory(Path.Combine(_folder, "mine")).FullName;
        File.WriteAllText(Path.Combine(mine, "keep.eml"), "mine");

        var configured = LocalRun.From(["--verbose", $"--Outcomes:Email:Folder={mine}"], new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Staging" }, _folder);
        var smtp = LocalRun.From([], new Dictionary<string, string> { ["Outcomes__Email__Sender"] = "Smtp" }, _folder);

        Assert.True(configured.Verbose);
        Assert.Null(configured.OwnEmailFolder);
        Assert.Equal([$"--Outcomes:Email:Folder={mine}"], configured.HostArgs);
        Assert.Equal(0, configured.EmptyOwnEmailFolder());
        Assert.True(File.Exists(Path.Combine(mine, "keep.eml")));
        Assert.Null(smtp.OwnEmailFolder);

        var named = LocalRun.From(["--demo", "--Outcomes:ClinicName=Northside Psychology"], new Dictionary<string, string>(), _folder);
        Assert.DoesNotContain(named.HostArgs, a => a.Contains(LocalRun.DemoClinicName, StringComparison.Ordinal));
    }
}
