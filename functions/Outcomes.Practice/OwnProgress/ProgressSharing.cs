namespace Outcomes.Practice;

/// <summary>What a client is shown of their own progress; their therapist decides, per client (#25).</summary>
public enum ProgressSharing
{
    /// <summary>Nothing: the client sees their thanks, as always, and no progress page.</summary>
    NotShared,

    /// <summary>A progress page after each check-in, from the client's own link.</summary>
    Shown,

    /// <summary>The page, and a short email when the client reaches a milestone worth one.</summary>
    ShownWithEmails,
}

public static class ProgressSharingWords
{
    /// <summary>The choice as the portal names it.</summary>
    public static string Describe(this ProgressSharing sharing) => sharing switch
    {
        ProgressSharing.NotShared => "Not shared",
        ProgressSharing.Shown => "Shown after each check-in",
        ProgressSharing.ShownWithEmails => "Shown, and milestones emailed to the client",
        _ => throw new ArgumentOutOfRangeException(nameof(sharing), sharing, null),
    };

    /// <summary>What the client is shown: their therapist's choice, or else the practice's default.</summary>
    public static ProgressSharing SharingOf(this PracticeSettings settings, ClientProfile client) => client.ShareProgress ?? settings.ShareProgress;
}
