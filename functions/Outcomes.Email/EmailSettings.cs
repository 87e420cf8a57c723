namespace Outcomes.Email;

/// <summary>Which sender, and its settings (configuration section <c>Outcomes:Email</c>).</summary>
public sealed record EmailSettings
{
    /// <summary><c>Folder</c> (the local default), <c>Smtp</c> or <c>Acs</c>.</summary>
    public string Sender { get; init; } = "Folder";

    /// <summary>
    /// The bulk lane's pace: at most this many emails a minute (0: unpaced). An Azure-managed ACS
    /// domain allows about 5 a minute; a custom domain starts at about 30 until raised. Risk alerts are never paced.
    /// </summary>
    public int MaxPerMinute { get; init; }

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

    /// <summary>ACS: the API version for emails with inline images (attachments with a content id, which 2023-03-31 lacks).</summary>
    public string AcsInlineImagesApiVersion { get; init; } = "2024-07-01-preview";
}
