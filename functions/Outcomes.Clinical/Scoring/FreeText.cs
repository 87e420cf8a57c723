using System.Globalization;
using System.Text;

namespace Outcomes.Clinical.Scoring;

/// <summary>
/// A client's free-text answer as it is kept: only text. Control characters (but line breaks),
/// format characters (bidi overrides and isolates, zero-width spaces and joiners, the BOM), line
/// and paragraph separators, private-use and unassigned code points and broken surrogates are
/// removed — they are invisible to the client who typed them, so refusing the answer would only
/// puzzle them — tabs become spaces and every line break a plain <c>\n</c>
/// (docs/clinical-rules.md, "Free text").
/// </summary>
public static class FreeText
{
    public static string Clean(string text)
    {
        var kept = new StringBuilder(text.Length);
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var status = Rune.DecodeFromUtf16(rest, out var rune, out var used);
            rest = rest[used..];
            if (status != System.Buffers.OperationStatus.Done)
            {
                continue;
            }

            if (rune.Value == '\r')
            {
                kept.Append('\n');
                if (!rest.IsEmpty && rest[0] == '\n')
                {
                    rest = rest[1..];
                }
            }
            else if (rune.Value is '\n')
            {
                kept.Append('\n');
            }
            else if (rune.Value is '\t')
            {
                kept.Append(' ');
            }
            else if (Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate))
            {
                kept.Append(rune.ToString());
            }
        }

        return kept.ToString();
    }

    /// <summary>The answers with every free-text answer cleaned; choices as given.</summary>
    public static AnswerSet Clean(AnswerSet answers) =>
        answers.Texts.Count == 0 ? answers : answers with { Texts = answers.Texts.ToDictionary(t => t.Key, t => Clean(t.Value)) };
}
