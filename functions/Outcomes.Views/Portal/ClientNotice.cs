namespace Outcomes.Views.Portal;

/// <summary>What a client's page says at its top after a change from it: done (with a link to show, once), or why nothing was changed.</summary>
public sealed record ClientNotice(string Text, string? Link = null, bool IsProblem = false);
