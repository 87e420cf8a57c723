namespace Outcomes.Practice;

/// <summary>
/// The addresses people open from emails and pages, all on the practice's one public address,
/// configured once (<c>Outcomes:PublicBaseUrl</c>); the local host uses the address it listens on.
/// </summary>
public sealed class PublicLinks
{
    private readonly Lazy<string> _baseUrl;

    public PublicLinks(string baseUrl)
        : this(() => baseUrl)
    {
    }

    /// <summary>For a host that learns its address only once it listens.</summary>
    public PublicLinks(Func<string> baseUrl) => _baseUrl = new Lazy<string>(() => baseUrl().TrimEnd('/'));

    private string BaseUrl => _baseUrl.Value;

    /// <summary>The practice's public address (FHIR resources are named under it).</summary>
    public string BaseAddress => BaseUrl;

    /// <summary>A client's questionnaire.</summary>
    public string Questionnaire(string token) => $"{BaseUrl}/q/{token}";

    /// <summary>A client's own progress page, from a sealed token that says nothing to whoever sees it.</summary>
    public string Progress(string token) => $"{BaseUrl}/p/{token}";

    /// <summary>A risk alert's acknowledge page.</summary>
    public string RiskAlert(string token) => $"{BaseUrl}/a/{token}";

    /// <summary>The portal's start: a therapist's caseload (sign-in required).</summary>
    public string Portal => $"{BaseUrl}/portal";

    /// <summary>A client's page in the portal (sign-in required).</summary>
    public string PortalClient(string clientId) => $"{BaseUrl}/portal/clients/{clientId}";
}
