namespace Outcomes.Clinical.Cohorts;

/// <summary>One person's pre and post scores in a cohort; either may be missing.</summary>
public sealed record CohortMember(string Id, double? Pre, double? Post);

/// <summary>One person's reliable change and category.</summary>
public sealed record PersonChange(string Id, double Pre, double Post, double Change, double Rci, ChangeCategory Category);

/// <summary>Someone who could not be analysed, and why.</summary>
public sealed record LeftOutPerson(string Id, string Reason);

/// <summary>The result of a cohort analysis, with the figures a researcher reports.</summary>
public sealed record CohortChange
{
    public required IReadOnlyList<PersonChange> People { get; init; }
    public required IReadOnlyList<LeftOutPerson> LeftOut { get; init; }

    /// <summary>Mean and SD of the pre scores of the people used (the clinical sample).</summary>
    public required double ClinicalMean { get; init; }
    public required double ClinicalSd { get; init; }

    /// <summary>Standard error of the difference: SD_pre · √(2 · (1 − r)).</summary>
    public required double SDiff { get; init; }

    public required double CriticalValue { get; init; }
    public CutoffType? CutoffType { get; init; }
    public double? CutoffValue { get; init; }

    public int Count(ChangeCategory category) => People.Count(p => p.Category == category);
}
