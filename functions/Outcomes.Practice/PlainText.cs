using System.Globalization;

namespace Outcomes.Practice;

/// <summary>Names and display codes: printable text, without control, format (bidi overrides, zero-width), separator-of-lines, private or unassigned characters, or broken surrogates.</summary>
public static class PlainText
{
    public static bool IsPlain(string value)
    {
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf16(rest, out var rune, out var used) != System.Buffers.OperationStatus.Done
                || System.Text.Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }
}
