namespace Outcomes.Core.Practice;

/// <summary>How the practice runs; each a default the clinic may change.</summary>
public sealed record PracticeSettings
{
    /// <summary>A questionnaire link works for this long (7 days).</summary>
    public TimeSpan InvitationLifetime { get; init; } = TimeSpan.FromDays(7);

    public ClinicalSettings Clinical { get; init; } = ClinicalSettings.Default;
}
