namespace Outcomes.Views.Portal;

/// <summary>
/// A form shown again as the person left it: what they typed, and what is wrong with each field in
/// words, beside the field. <see cref="Action"/> names the form (the address it posts to).
/// </summary>
public sealed record FormState(string Action, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> Errors)
{
    /// <summary>What was typed into <paramref name="field"/>, or <paramref name="otherwise"/> when this is not that form's state.</summary>
    public static string Value(FormState? state, string action, string field, string otherwise) =>
        state?.Action == action ? state.Values.GetValueOrDefault(field, "") : otherwise;

    /// <summary>Whether <paramref name="value"/> was among the ticked values of a field of boxes (kept comma-joined).</summary>
    public static bool Ticked(FormState? state, string action, string field, string value, bool otherwise) =>
        state?.Action == action ? state.Values.GetValueOrDefault(field, "").Split(',').Contains(value, StringComparer.Ordinal) : otherwise;

    public static string? Error(FormState? state, string action, string field) =>
        state?.Action == action ? state.Errors.GetValueOrDefault(field) : null;

    public static bool IsOpen(FormState? state, string action) => state?.Action == action;
}
