using System.CommandLine;

namespace Outcomes.Cli;

/// <summary>The <c>outcomes</c> command line: parses, runs, and maps every input error to exit code 2.</summary>
public static class OutcomesCommand
{
    public const int Success = 0;
    public const int InputError = 2;

    public static int Run(string[] args, TextWriter standardOutput, TextWriter standardError)
    {
        var analyze = new Command("analyze", "Analyse a CSV export of any measure with the Outcomes clinical engine.")
        {
            SuddenGainsCommand.Create(),
            ReliableChangeCommand.Create(),
            TrajectoriesCommand.Create(),
        };
        var root = new RootCommand("Outcomes: measurement-based care for psychotherapy practices.") { analyze };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                standardError.WriteLine($"error: {error.Message}");
            }

            standardError.WriteLine("Run 'outcomes analyze --help' for the options.");
            return InputError;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = standardOutput, Error = standardError, EnableDefaultExceptionHandler = false });
        }
        catch (InputException ex)
        {
            standardError.WriteLine($"error: {ex.Message}");
            return InputError;
        }
    }
}
