namespace Outcomes.Email;

/// <summary>Which sender, and its settings (configuration section <c>Outcomes:Email</c>).</summary>
public sealed record EmailSettings
{
    /// <summary><c>Folder</c> (the local default), <c>Smtp</c> or <c>Acs</c>.</summary>
    public string Sender { get; init; } = "Folder";

    /// <summary>
    /// The provider's limit a minute (0: none). An Azure-managed ACS domain allows about 5 a minute;
    /// a custom domain starts at about 30 until raised. Bulk email is paced inside it, leaving room
    /// for risk alerts, which are never paced (<c>EmailPacing</c>).
    /// </summary>
    public int MaxPerMinute { get; init; }

    /// <summary>The provider's limit an hour (0: none): about 10 on an Azure-managed domain, 100 on a new custom domain.</summary>
    public int MaxPerHour { get; init; }

    /// <summary>
    /// ACS: sending from the Azure-managed domain (<c>DoNotReply@….azurecomm.net</c>), whose limits
    /// are for trying Outcomes out; the practice page says so, and how to add the clinic's own.
    /// </summary>
    public bool AzureManagedDomain { get; init; }

    /// <summary>ACS: the provider's delivery reports reach the app (Event Grid to the <c>email-reports</c> queue), so each email is watched until delivered.</summary>
    public bool DeliveryReports { get; init; }

    /// <summary>The From address.</summary>
    public string From { get; init; } = "outcomes@localhost";

    public string FromName { get; init; } = "Outcomes";

    /// <summary>Folder sender: where the .eml files go.</summary>
    public string Folder { get; init; } = "outbox";

    public string? SmtpHost { get; init; }
    public int SmtpPort { get; init; } = 587;

    /// <summary>SMTP: <c>StartTls</c> (default), <c>Tls</c> (implicit, port 465) or <c>None</c> (a local test server only).</summary>
    public string SmtpSecurity { get; init; } = "StartTls";

    public string? SmtpUser { get; init; }
    public string? SmtpPassword { get; init; }

    /// <summary>ACS: the resource endpoint, e.g. https://acs-x.europe.communication.azure.com.</summary>
    public string? Endpoint { get; init; }

    /// <summary>ACS: an access key for HMAC authentication; without one the managed identity is used (Microsoft Entra ID).</summary>
    public string? AccessKey { get; init; }

}
