namespace Outcomes.Practice.Learning;

/// <summary>
/// The service's last fit of expected recovery on one measure: when it ran, how many of the clinic's
/// completed episodes began at caseness, and the bands (as <c>outcomes analyze trajectories</c> writes
/// them) once there were enough to use; null before.
/// </summary>
public sealed record ExpectedRecoveryFit(string InstrumentId, DateTimeOffset FittedAt, int Episodes, string? Bands);

/// <summary>The fits, one per measure (the <c>Learned</c> table in production).</summary>
public interface IExpectedRecoveryFits
{
    /// <summary>Records a fit over an earlier one of its measure, never over a later: two runs finishing in either order leave the later.</summary>
    Task RecordAsync(ExpectedRecoveryFit fit, CancellationToken cancellationToken);

    Task<IReadOnlyList<ExpectedRecoveryFit>> ListAsync(CancellationToken cancellationToken);
}
