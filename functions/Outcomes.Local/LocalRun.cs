using System.Collections;

namespace Outcomes.Local;

/// <summary>
/// How `dotnet run --project functions/Outcomes.Local` starts: the Development environment unless
/// another is named, a quiet console unless `--verbose`, the demo clinic's own name with `--demo`, and — unless a folder is configured — the
/// emails of this run alone in `outbox/` (the .eml files an earlier run left there are removed).
/// </summary>
internal sealed record LocalRun(string[] HostArgs, bool Demo, bool Verbose, string? OwnEmailFolder)
{
    public const string DefaultEmailFolder = "outbox";

    public const string DemoClinicName = "Riverside Therapy (demo)";

    public static LocalRun From(string[] args, IDictionary environment, string currentDirectory)
    {
        var demo = args.Contains("--demo");
        var verbose = args.Contains("--verbose");
        var hostArgs = args.Where(a => a is not ("--demo" or "--verbose")).ToList();

        if (!Named(hostArgs, environment, "environment", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"))
        {
            hostArgs.Add("--environment=Development");
        }

        string? ownFolder = null;
        if (!Named(hostArgs, environment, "Outcomes:Email:Folder", "Outcomes__Email__Folder") && !Named(hostArgs, environment, "Outcomes:Email:Sender", "Outcomes__Email__Sender"))
        {
            ownFolder = Path.Combine(currentDirectory, DefaultEmailFolder);
            hostArgs.Add($"--Outcomes:Email:Folder={ownFolder}");
        }

        // The demo practice is a clinic of its own, not named like the product ("Outcomes's Outcomes").
        if (demo && !Named(hostArgs, environment, "Outcomes:ClinicName", "Outcomes__ClinicName"))
        {
            hostArgs.Add($"--Outcomes:ClinicName={DemoClinicName}");
        }

        return new LocalRun([.. hostArgs], demo, verbose, ownFolder);
    }

    /// <summary>Removes the emails an earlier run left in the run's own folder; a configured folder is never touched.</summary>
    public int EmptyOwnEmailFolder()
    {
        if (OwnEmailFolder is null || !Directory.Exists(OwnEmailFolder))
        {
            return 0;
        }

        var old = Directory.GetFiles(OwnEmailFolder, "*.eml");
        foreach (var file in old)
        {
            File.Delete(file);
        }

        return old.Length;
    }

    private static bool Named(List<string> args, IDictionary environment, string setting, params string[] variables) =>
        args.Any(a => a.StartsWith($"--{setting}", StringComparison.OrdinalIgnoreCase) || a.StartsWith($"/{setting}", StringComparison.OrdinalIgnoreCase))
        || variables.Any(v => environment[v] is string { Length: > 0 });
}
