using Outcomes.Practice;

namespace Outcomes.Hosting.Settings;

/// <summary>The clinic's settings (configuration section <c>Outcomes</c>, app settings <c>Outcomes__Name</c>), bound and checked at start.</summary>
public sealed class OutcomesOptions
{
    public const string Section = "Outcomes";

    /// <summary>The clinic's name, in emails and on pages.</summary>
    public string ClinicName { get; set; } = "Outcomes";

    /// <summary>The public address clients and therapists open links on, e.g. https://outcomes.clinic.example. Required in Azure.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// The platform's edge refuses plain HTTP (Azure: the site's <c>httpsOnly</c>), so every request
    /// that reaches the app came over HTTPS, whatever the hop from the edge says. Set by the deployment.
    /// </summary>
    public bool HttpsOnlyAtTheEdge { get; set; }

    /// <summary>Invitations go out at this hour of the client's own day, 0–23.</summary>
    public int SendingHour { get; set; } = 18;

    /// <summary>A risk alert nobody has acknowledged after this many hours goes to the duty contact (0.25–72).</summary>
    public double EscalateAfterHours { get; set; } = 4;

    /// <summary>The duty contact's email address, told of unacknowledged risk alerts.</summary>
    public string? DutyContact { get; set; }

    /// <summary>Digests with counts and a link only, no clinical detail in email.</summary>
    public bool MinimalDigests { get; set; }

    /// <summary>How clients reach the clinic, shown where a link no longer works (e.g. "01632 960 123, weekdays 9–5").</summary>
    public string? ClinicContact { get; set; }

    /// <summary>
    /// The crisis services a client is shown after a risk answer: <c>name | phone | hours | web</c>
    /// entries separated by <c>;</c>, e.g. <c>Samaritans | 116 123 | any time | https://www.samaritans.org</c>.
    /// </summary>
    public string? CrisisResources { get; set; }

    /// <summary>Days a discharged client's records are kept before the daily retention run erases them (1–36500); unset: kept.</summary>
    public int? RetainDischargedForDays { get; set; }

    /// <summary>Days a sent email's words are kept in the outbox before only its metadata remains (1–3650; 30).</summary>
    public int KeepEmailBodiesForDays { get; set; } = 30;

    /// <summary>What clients see of their own progress (<c>Outcomes:Clients:ShareProgress</c>).</summary>
    public ClientOptions Clients { get; set; } = new();

    /// <summary>A folder of the clinic's own instrument definitions, besides the built-in ones.</summary>
    public string? InstrumentFolder { get; set; }

    /// <summary>The clinic's own expected-recovery bands (<c>outcomes analyze trajectories --output</c>), replacing the synthetic reference for their measures.</summary>
    public string? ExpectedRecoveryFile { get; set; }

    /// <summary>The instruments (built in, and the clinic's folder) with the clinic's expected-recovery bands, if any: a catalogue of the host's own, since what it learns is the host's.</summary>
    public global::Outcomes.Clinical.Instruments.InstrumentCatalog Catalog()
    {
        var catalog = InstrumentFolder is { Length: > 0 } folder
            ? global::Outcomes.Clinical.Instruments.InstrumentCatalog.WithClinicFolder(folder)
            : new global::Outcomes.Clinical.Instruments.InstrumentCatalog(global::Outcomes.Clinical.Instruments.InstrumentCatalog.BuiltIn.All);
        return ExpectedRecoveryFile is { Length: > 0 } file
            ? catalog.WithExpectedRecovery(global::Outcomes.Clinical.Trajectories.ExpectedRecoveryFile.Read(File.ReadAllText(file), catalog, file))
            : catalog;
    }

    /// <summary>
    /// The clinical thresholds (<c>Outcomes:Clinical:NotOnTrackMinimumImprovement</c>, …), each
    /// clinical.md's default unless the clinic sets it; checked at start.
    /// </summary>
    public Clinical.ClinicalSettings Clinical { get; set; } = new();

    public PracticeSettings ToPracticeSettings() => new()
    {
        ClinicName = ClinicName,
        SendingHour = SendingHour,
        EscalateAfter = TimeSpan.FromHours(EscalateAfterHours),
        DutyContact = string.IsNullOrWhiteSpace(DutyContact) ? null : DutyContact,
        MinimalDigests = MinimalDigests,
        ClinicContact = string.IsNullOrWhiteSpace(ClinicContact) ? null : ClinicContact.Trim(),
        CrisisResources = CrisisResource.Parse(CrisisResources).Resources,
        RetainDischargedFor = RetainDischargedForDays is int days ? TimeSpan.FromDays(days) : null,
        KeepEmailBodiesFor = TimeSpan.FromDays(KeepEmailBodiesForDays),
        Clinical = Clinical,
        ShareProgress = Enum.TryParse<ProgressSharing>(Clients.ShareProgress, ignoreCase: true, out var sharing) && Enum.IsDefined(sharing) ? sharing : ProgressSharing.NotShared,
    };
}

/// <summary>The <c>Outcomes:Clients</c> section.</summary>
public sealed class ClientOptions
{
    /// <summary>
    /// What a client is shown of their progress unless their therapist chooses otherwise:
    /// <c>NotShared</c> (the default), <c>Shown</c> (a page after each check-in) or
    /// <c>ShownWithEmails</c> (and a short email at a milestone).
    /// </summary>
    public string? ShareProgress { get; set; }
}
