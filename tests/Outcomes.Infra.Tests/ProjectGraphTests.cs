using System.Xml.Linq;

namespace Outcomes.Infra.Tests;

/// <summary>
/// What each project references (README, "Architecture"), which — with transitive references off —
/// is what it uses: the clinical engine nothing, the application layer the engine only, adapters the
/// application layer (and the engine's types it hands them), the hosts the composition root and what
/// they run. A reference outside this table is a design change to make on purpose, here first.
/// </summary>
public class ProjectGraphTests
{
    public static TheoryData<string, string[]> Allowed => new()
    {
        { "Outcomes.Clinical", [] },
        { "Outcomes.Practice", ["Outcomes.Clinical"] },
        { "Outcomes.Storage", ["Outcomes.Clinical", "Outcomes.Practice"] },
        { "Outcomes.Email", ["Outcomes.Practice"] },
        { "Outcomes.Views", ["Outcomes.Clinical", "Outcomes.Practice"] },
        { "Outcomes.Exchange", ["Outcomes.Clinical", "Outcomes.Practice"] },
        { "Outcomes.Api", ["Outcomes.Clinical", "Outcomes.Exchange", "Outcomes.Practice", "Outcomes.Views"] },
        { "Outcomes.Hosting", ["Outcomes.Api", "Outcomes.Clinical", "Outcomes.Email", "Outcomes.Practice", "Outcomes.Storage", "Outcomes.Views"] },
        { "Outcomes.Functions", ["Outcomes.Api", "Outcomes.Hosting", "Outcomes.Practice", "Outcomes.Storage", "Outcomes.Triggers"] },
        { "Outcomes.Triggers", ["Outcomes.Hosting", "Outcomes.Storage"] },
        { "Outcomes.Local", ["Outcomes.Api", "Outcomes.Clinical", "Outcomes.Email", "Outcomes.Hosting", "Outcomes.Practice", "Outcomes.Storage", "Outcomes.Views"] },
        { "Outcomes.Cli", ["Outcomes.Clinical"] },
    };

    [Fact]
    public void TheAppsProjects_SeeOnlyWhatTheyReference()
    {
        // Without transitive project references a project compiles only against what it names, so the table above is the real graph.
        var props = XDocument.Load(Path.Combine(Bicep.Repository, "Directory.Build.props"));
        var disabled = props.Descendants("DisableTransitiveProjectReferences").Single();
        Assert.Equal("true", disabled.Value);
        Assert.Contains("functions/", disabled.Parent!.Attribute("Condition")!.Value, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Project_ReferencesOnlyWhatItsLayerMay(string project, string[] allowed)
    {
        var references = Project(project).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value))
            .Order(StringComparer.Ordinal);
        Assert.Equal(allowed.Order(StringComparer.Ordinal), references);
    }

    [Fact]
    public void EveryFunctionsProject_IsInTheTable()
    {
        var projects = Directory.GetDirectories(Path.Combine(Bicep.Repository, "functions")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(Allowed.Select(row => (string)row[0]).Order(StringComparer.Ordinal), projects);
    }

    [Theory]
    [InlineData("Outcomes.Clinical")]
    [InlineData("Outcomes.Practice")]
    public void TheEngineAndTheApplication_KnowNothingOfAzureHttpOrHtml(string project)
    {
        var xml = Project(project);
        Assert.Empty(xml.Descendants("FrameworkReference"));
        var packages = xml.Descendants("PackageReference").Select(p => p.Attribute("Include")!.Value).ToList();
        Assert.All(packages, p => Assert.Equal("Microsoft.Extensions.Logging.Abstractions", p));
    }

    private static XDocument Project(string name) =>
        XDocument.Load(Path.Combine(Bicep.Repository, "functions", name, $"{name}.csproj"));
}
