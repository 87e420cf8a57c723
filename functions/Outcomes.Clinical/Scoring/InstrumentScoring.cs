using Outcomes.Clinical.Instruments;

namespace Outcomes.Clinical.Scoring;

/// <summary>Scores an answer set against its instrument, or says exactly what is wrong with it.</summary>
public static class InstrumentScoring
{
    /// <summary>Every problem with the answers; empty when they can be scored.</summary>
    public static IReadOnlyList<AnswerProblem> Validate(Instrument instrument, AnswerSet answers)
    {
        var problems = new List<AnswerProblem>();
        foreach (var itemId in answers.Choices.Keys.Concat(answers.Texts.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            if (instrument.FindItem(itemId) is null)
            {
                problems.Add(new(instrument.Id, itemId, "is not an item of this questionnaire"));
            }
        }

        foreach (var item in instrument.Items)
        {
            var hasChoice = answers.Choices.TryGetValue(item.Id, out var value);
            var hasText = answers.Texts.TryGetValue(item.Id, out var text);
            if (item.Kind == ItemKind.Choice)
            {
                if (hasText)
                {
                    problems.Add(new(instrument.Id, item.Id, "takes one of its options, not text"));
                }
                else if (!hasChoice)
                {
                    if (item.Required)
                    {
                        problems.Add(new(instrument.Id, item.Id, "needs an answer"));
                    }
                }
                else if (!item.Allows(value))
                {
                    var allowed = string.Join(", ", item.Options.Select(o => o.Value));
                    problems.Add(new(instrument.Id, item.Id, $"{value} is not one of its options ({allowed})"));
                }
            }
            else
            {
                if (hasChoice)
                {
                    problems.Add(new(instrument.Id, item.Id, "takes text, not a number"));
                }
                else if (hasText && text!.Length > item.MaxLength)
                {
                    problems.Add(new(instrument.Id, item.Id, $"is {text.Length} characters long; at most {item.MaxLength} are allowed"));
                }
            }
        }

        return problems;
    }

    /// <summary>Scores valid answers; throws <see cref="ArgumentException"/> listing the problems otherwise.</summary>
    public static InstrumentScore Score(Instrument instrument, AnswerSet answers)
    {
        var problems = Validate(instrument, answers);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(answers));
        }

        var scores = instrument.Scores.ToDictionary(s => s.Id, s => s.Items.Sum(item => (double)answers.Choices[item]));
        var primary = scores[instrument.PrimaryScore.Id];
        return new InstrumentScore
        {
            InstrumentId = instrument.Id,
            InstrumentVersion = instrument.Version,
            Scores = scores,
            Primary = primary,
            Band = instrument.BandFor(primary)?.Label,
            AtCaseness = instrument.IsAtCaseness(primary),
            RiskItems = instrument.RiskItems
                .Where(r => answers.Choices.TryGetValue(r.Item, out var v) && v > r.Above)
                .Select(r => r.Item)
                .ToList(),
            Trust = instrument.TrustItem is string trust && answers.Choices.TryGetValue(trust, out var t) ? t : null,
            Breakthrough = instrument.BreakthroughItem is string aha && answers.Choices.TryGetValue(aha, out var yes) && yes > 0,
        };
    }
}
