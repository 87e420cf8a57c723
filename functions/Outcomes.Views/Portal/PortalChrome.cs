namespace Outcomes.Views.Portal;

/// <summary>What every portal page's header needs: the clinic, who is signed in and as what, and the token for its forms.</summary>
public sealed record PortalChrome(string ClinicName, string UserName, bool IsTherapist, bool IsAdmin, string Antiforgery);
