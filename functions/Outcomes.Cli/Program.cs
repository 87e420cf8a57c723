using Outcomes.Cli;

return OutcomesCommand.Run(args, Console.Out, Console.Error);
