namespace Outcomes.Clinical.Instruments;

/// <summary>An instrument definition file that cannot be used; each problem names the file and the field.</summary>
public sealed class InstrumentDefinitionException : Exception
{
    public InstrumentDefinitionException(string source, IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems.Select(p => $"{source}: {p}")))
    {
        Source = source;
        Problems = problems;
    }

    /// <summary>The file (or embedded resource) the definition came from.</summary>
    public new string Source { get; }

    /// <summary>Each problem as "field: what is wrong".</summary>
    public IReadOnlyList<string> Problems { get; }
}
