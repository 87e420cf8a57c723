namespace Outcomes.Views.Portal;

/// <summary>What the practice page says at its top after a change: done (with the client it concerns, or a link to hand over), or why nothing was changed, with the form as it was typed (<see cref="Form"/>) to fill in again.</summary>
public sealed record PracticeNotice(string Text, string? Link = null, IReadOnlyList<string>? Problems = null, string? ClientId = null, FormState? Form = null);
