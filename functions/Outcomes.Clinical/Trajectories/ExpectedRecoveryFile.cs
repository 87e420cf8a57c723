using System.Text.Json;
using System.Text.Json.Serialization;
using Outcomes.Clinical.Instruments;

namespace Outcomes.Clinical.Trajectories;

/// <summary>
/// The file <c>outcomes analyze trajectories</c> writes and a clinic loads (<c>Outcomes:ExpectedRecoveryFile</c>):
/// one JSON object per measure, in an array. Checked when read: a broken file stops start-up naming what is wrong.
/// </summary>
public static class ExpectedRecoveryFile
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static string Write(IEnumerable<ExpectedRecovery> bands) => JsonSerializer.Serialize(bands.ToList(), Options);

    /// <summary>The bands in <paramref name="json"/>, each for a measure of <paramref name="catalog"/>; every problem named with <paramref name="path"/>.</summary>
    public static IReadOnlyList<ExpectedRecovery> Read(string json, InstrumentCatalog catalog, string path)
    {
        List<ExpectedRecovery>? bands;
        try
        {
            bands = JsonSerializer.Deserialize<List<ExpectedRecovery>>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not an expected-recovery file ({ex.Message})", ex);
        }

        if (bands is null || bands.Count == 0)
        {
            throw new InvalidDataException($"{path}: holds no expected-recovery bands");
        }

        foreach (var band in bands)
        {
            if (band.InstrumentId is null || !catalog.TryGet(band.InstrumentId, out _))
            {
                throw new InvalidDataException($"{path}: names measure '{band.InstrumentId}', which is not one of this clinic's");
            }

            if (band.Steps is null || band.Steps.Count == 0 || band.Steps.Any(s => s is null || s.P10 is null || s.P50 is null || s.P90 is null)
                || band.Steps.Select(s => s.CheckIn).Zip(band.Steps.Skip(1).Select(s => s.CheckIn)).Any(p => p.Second <= p.First) || band.Steps[0].CheckIn < 2)
            {
                throw new InvalidDataException($"{path}: the bands of '{band.InstrumentId}' need steps from check-in 2 on, in order, each with p10, p50 and p90");
            }
        }

        var twice = bands.GroupBy(b => b.InstrumentId).FirstOrDefault(g => g.Count() > 1);
        return twice is null ? bands : throw new InvalidDataException($"{path}: has bands for '{twice.Key}' more than once");
    }
}
