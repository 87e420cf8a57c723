using Outcomes.Cli;

namespace Outcomes.Cli.Tests;

/// <summary>Runs the tool in-process on real files and captures what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = OutcomesCommand.Run(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A folder of files for one test, removed afterwards.</summary>
internal sealed class Workspace : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("outcomes-cli-").FullName;

    public static string Reference(string file) => Path.Combine(AppContext.BaseDirectory, "Reference", "suddengains", file);

    public string File(string name, string content)
    {
        var path = PathOf(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public string PathOf(string name) => Path.Combine(Folder, name);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
