using Outcomes.Clinical.Statistics;

namespace Outcomes.Clinical.Cohorts;

/// <summary>
/// Jacobson–Truax reliable change and clinical significance over a cohort (clinical.md). Agrees
/// with the clinicalsignificance R package (JT method) for cutoffs a and c; cutoff b follows
/// Jacobson &amp; Truax (1991) — M_func ± 2·SD_func — where that package uses SD_clin.
/// </summary>
public static class JacobsonTruax
{
    public static CohortChange Analyse(IEnumerable<CohortMember> members, ReliableChangeSettings settings)
    {
        var used = new List<CohortMember>();
        var leftOut = new List<LeftOutPerson>();
        foreach (var member in members)
        {
            var reason = (member.Pre, member.Post) switch
            {
                (null, null) => "no pre or post score",
                (null, _) => "no pre score",
                (_, null) => "no post score",
                _ => null,
            };
            if (reason is null)
            {
                used.Add(member);
            }
            else
            {
                leftOut.Add(new LeftOutPerson(member.Id, reason));
            }
        }

        if (used.Count < 2)
        {
            throw new InvalidOperationException($"Reliable change needs at least two people with both scores; {used.Count} had them.");
        }

        var pre = used.Select(m => m.Pre!.Value).ToArray();
        var clinicalMean = SampleStatistics.Mean(pre);
        var clinicalSd = SampleStatistics.StandardDeviation(pre);
        if (!(clinicalSd > 0))
        {
            throw new InvalidOperationException("The pre scores do not vary (SD 0), so no change can be judged reliable.");
        }

        // As clinicalsignificance computes it: SE of measurement, then the SE of a difference.
        var seMeasurement = clinicalSd * Math.Sqrt(1 - settings.Reliability);
        var sDiff = Math.Sqrt(2 * (seMeasurement * seMeasurement));
        if (!(sDiff > 0))
        {
            throw new InvalidOperationException("With a reliability of 1 every change is reliable; give the measure's real reliability.");
        }

        var cutoff = CutoffValue(settings, clinicalMean, clinicalSd);
        var sign = settings.Sign;
        var people = new List<PersonChange>(used.Count);
        foreach (var member in used)
        {
            var (before, after) = (member.Pre!.Value, member.Post!.Value);
            var change = after - before;
            var rci = change / sDiff;
            var improved = sign * rci > settings.CriticalValue;
            var deteriorated = sign * rci < -settings.CriticalValue;
            var category = improved ? ChangeCategory.Improved : deteriorated ? ChangeCategory.Deteriorated : ChangeCategory.Unchanged;
            if (cutoff is double c)
            {
                // Strict on both sides, as the package: a pre score on the cutoff is not clinical, a post score on it not functional.
                var clinicalBefore = sign * before < sign * c;
                var functionalAfter = sign * after > sign * c;
                if (improved && clinicalBefore && functionalAfter)
                {
                    category = ChangeCategory.Recovered;
                }
                else if (deteriorated && !clinicalBefore && !functionalAfter)
                {
                    category = ChangeCategory.Harmed;
                }
            }

            people.Add(new PersonChange(member.Id, before, after, change, rci, category));
        }

        return new CohortChange
        {
            People = people,
            LeftOut = leftOut,
            ClinicalMean = clinicalMean,
            ClinicalSd = clinicalSd,
            SDiff = sDiff,
            CriticalValue = settings.CriticalValue,
            CutoffType = settings.Cutoff,
            CutoffValue = cutoff,
        };
    }

    /// <summary>The cutoff between the clinical and functional populations, or null when none was asked for.</summary>
    public static double? CutoffValue(ReliableChangeSettings settings, double clinicalMean, double clinicalSd)
    {
        var sign = settings.Sign;
        return settings.Cutoff switch
        {
            null => null,
            CutoffType.A => clinicalMean + (sign * 2 * clinicalSd),
            CutoffType.B => settings.FunctionalMean!.Value - (sign * 2 * settings.FunctionalSd!.Value),
            CutoffType.C => ((clinicalSd * settings.FunctionalMean!.Value) + (settings.FunctionalSd!.Value * clinicalMean)) / (clinicalSd + settings.FunctionalSd!.Value),
            _ => throw new ArgumentOutOfRangeException(nameof(settings)),
        };
    }
}
