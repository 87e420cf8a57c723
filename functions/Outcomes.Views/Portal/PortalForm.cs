namespace Outcomes.Views.Portal;

/// <summary>The hidden field every portal form carries its antiforgery token in (the sign-in setup names the same).</summary>
public static class PortalForm
{
    public const string AntiforgeryField = "__RequestVerificationToken";
}
