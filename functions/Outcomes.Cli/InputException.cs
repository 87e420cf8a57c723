namespace Outcomes.Cli;

/// <summary>Input the tool cannot use: a bad file, a missing column, a non-numeric score. Exit code 2.</summary>
internal sealed class InputException(string message) : Exception(message);
