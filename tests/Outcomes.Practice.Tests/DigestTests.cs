using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Digests;

using static Outcomes.Tests.Shared.DigestExamples;

namespace Outcomes.Practice.Tests;

public class DigestTests
{
    private static AlertRecord Risk(string clientId, bool acknowledged) =>
        new(clientId, "RiskAnswer:phq9:4", FindingKind.RiskAnswer, AlertUrgency.Immediate, "phq9", "Risk answer on PHQ-9 item 9", "r", Now.AddHours(-3),
            AcknowledgedAt: acknowledged ? Now.AddHours(-2) : null, AcknowledgedBy: acknowledged ? "therapist" : null);

    [Fact]
    public void Sections_PutWarningsFirstGoodNewsNextAndTheRestLast()
    {
        var digest = Digest.Build(Dr, [Client("C", F(FindingKind.NotOnTrack)), Client("B", F(FindingKind.ReliableRecovery), F(FindingKind.SuddenGain, 40)), Client("A")], Now, Settings);
        Assert.Equal(["C"], digest.NeedsAttention.Select(c => c.Summary.DisplayCode));
        Assert.Equal(["B"], digest.Improving.Select(c => c.Summary.DisplayCode));
        Assert.Equal(["ReliableRecovery", "SuddenGain"], digest.Improving[0].Reasons);
        Assert.Equal(["A"], digest.EveryoneElse.Select(c => c.Summary.DisplayCode));
    }

    [Fact]
    public void NeedsAttention_KeepsWhatIsGoingWellBesideIt()
    {
        // A-101 in the walk-through: reliably recovered, then one trust answer from 4 to 3.
        var digest = Digest.Build(Dr, [Client("A", F(FindingKind.ReliableRecovery), F(FindingKind.AllianceSignal))], Now, Settings);
        var client = Assert.Single(digest.NeedsAttention);
        Assert.Equal(["AllianceSignal"], client.Reasons);
        Assert.Equal(["ReliableRecovery"], client.GoingWell);
        Assert.Empty(digest.Improving);
        Assert.Empty(Assert.Single(Digest.Build(Dr, [Client("B", F(FindingKind.NotOnTrack))], Now, Settings).NeedsAttention).GoingWell);
    }

    [Fact]
    public void Improving_SaysWhoHasSeenItOnTheirOwnPage_OnlyWhenTheyOpenedItSince()
    {
        var recovery = F(FindingKind.ReliableRecovery, daysAgo: 3);
        var digest = Digest.Build(
            Dr,
            [
                Client("A", recovery) with { ProgressSeenAt = Now.AddDays(-1) },
                Client("B", recovery) with { ProgressSeenAt = Now.AddDays(-5) }, // opened before this news
                Client("C", recovery),
            ],
            Now,
            Settings);

        Assert.Equal([true, false, false], digest.Improving.Select(c => c.SawProgress is not null));
        Assert.Equal(Outcomes.Practice.Email.EmailText.LocalDate(Now.AddDays(-1), Dr.TimeZone), digest.Improving[0].SawProgress);
    }

    [Fact]
    public void ReviewedWarningSign_NoLongerNeedsAttention_IsShownAsReviewed_AndANewSignNeedsAttentionAfresh()
    {
        var alliance = F(FindingKind.AllianceSignal);
        var reviewed = new AlertRecord("a", alliance.Key, alliance.Kind, AlertUrgency.BatchedWarning, "checkin", "Trust fell from 4 to 3", "r", Now.AddDays(-2))
        {
            ReviewedAt = Now.AddDays(-1),
            ReviewedBy = "therapist Dr T",
        };
        var digest = Digest.Build(Dr, [Client("A", F(FindingKind.ReliableRecovery), alliance) with { Alerts = [reviewed] }], Now, Settings);
        Assert.Empty(digest.NeedsAttention);
        var client = Assert.Single(digest.Improving);
        Assert.Equal(["ReliableRecovery"], client.Reasons);
        Assert.StartsWith("Trust fell from 4 to 3 (reviewed by the therapist Dr T, ", Assert.Single(client.Reviewed), StringComparison.Ordinal);

        // Something new is a sign of its own: not covered by the review.
        var worse = new Finding(FindingKind.ReliableDeterioration, "phq9", "ReliableDeterioration:phq9:5", Now.AddDays(-1), "PHQ-9 rose");
        var later = Digest.Build(Dr, [Client("A", F(FindingKind.ReliableRecovery), alliance, worse) with { Alerts = [reviewed] }], Now, Settings);
        Assert.Equal(["PHQ-9 rose"], Assert.Single(later.NeedsAttention).Reasons);
    }

    [Fact]
    public void ReviewedState_StaysReviewed_WhenANewReferenceDatesItsOnsetEarlier()
    {
        var reviewed = new AlertRecord("a", "NotOnTrack:phq9:4", FindingKind.NotOnTrack, AlertUrgency.BatchedWarning, "phq9", "PHQ-9 is 20 at check-in 4: not on track", "r", Now.AddDays(-14))
        {
            CheckIn = 4,
            CheckInAt = Now.AddDays(-14),
            ReviewedAt = Now.AddDays(-10),
            ReviewedBy = "therapist Dr T",
        };
        var sameRun = new Finding(FindingKind.NotOnTrack, "phq9", "NotOnTrack:phq9:3", Now.AddDays(-21), "PHQ-9 is 20 at check-in 3: not on track") { CheckIn = 3 };
        var digest = Digest.Build(Dr, [Client("A", sameRun) with { Alerts = [reviewed] }], Now, Settings);
        Assert.Empty(digest.NeedsAttention);
        Assert.Contains("PHQ-9 is 20 at check-in 4: not on track (reviewed by the therapist Dr T, ", Assert.Single(Assert.Single(digest.EveryoneElse).Reviewed), StringComparison.Ordinal);

        // A run that began after the one reviewed is new.
        var newRun = sameRun with { Key = "NotOnTrack:phq9:6", At = Now.AddDays(-7), CheckIn = 6 };
        Assert.Single(Digest.Build(Dr, [Client("A", newRun) with { Alerts = [reviewed] }], Now, Settings).NeedsAttention);
    }

    [Fact]
    public void NeedsAttention_IsOrderedByTheMostUrgentReason()
    {
        var risk = Client("Z") with { Alerts = [Risk("z", acknowledged: false)] };
        var digest = Digest.Build(Dr, [Client("A", F(FindingKind.NotOnTrack)), Client("M", F(FindingKind.ReliableDeterioration)), risk], Now, Settings);
        Assert.Equal(["Z", "M", "A"], digest.NeedsAttention.Select(c => c.Summary.DisplayCode));
        Assert.StartsWith("Risk answer on PHQ-9 item 9: not yet acknowledged", digest.NeedsAttention[0].Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void AcknowledgedRisk_NoLongerNeedsAttention()
    {
        var digest = Digest.Build(Dr, [Client("A") with { Alerts = [Risk("a", acknowledged: true)] }], Now, Settings);
        Assert.Empty(digest.NeedsAttention);
    }

    [Fact]
    public void SuddenLoss_NeedsAttentionWhileRecent()
    {
        Assert.Single(Digest.Build(Dr, [Client("A", F(FindingKind.SuddenLoss, 27))], Now, Settings).NeedsAttention);
        Assert.Empty(Digest.Build(Dr, [Client("A", F(FindingKind.SuddenLoss, 29))], Now, Settings).NeedsAttention);
    }

    [Fact]
    public void Breakthrough_IsGoodNewsWhileRecentAndPointsToTheirPageInThePortal()
    {
        var recent = Digest.Build(Dr, [Client("A", F(FindingKind.Breakthrough, 3, "The client reported a new insight (an 'aha' moment)"))], Now, Settings);
        Assert.Contains("their page in the portal", Assert.Single(Assert.Single(recent.Improving).Reasons), StringComparison.Ordinal);
        Assert.Empty(Digest.Build(Dr, [Client("A", F(FindingKind.Breakthrough, 40))], Now, Settings).Improving);
    }

    [Fact]
    public void TwoMissedCheckIns_NeedAttention()
    {
        IssuedInvitation Link(int daysAgo) => new(Now.AddDays(-daysAgo), Now.AddDays(-daysAgo + 7));
        var one = Client("A") with { LastResponseAt = Now.AddDays(-16), Invitations = [Link(14)] };
        var two = Client("B") with { LastResponseAt = Now.AddDays(-23), Invitations = [Link(21), Link(14)] };
        var digest = Digest.Build(Dr, [one, two], Now, Settings);
        Assert.Equal("2 check-ins in a row unanswered", Assert.Single(Assert.Single(digest.NeedsAttention).Reasons));
        Assert.Equal("B", digest.NeedsAttention[0].Summary.DisplayCode);
    }

    [Fact]
    public void PossibleSuddenChange_IsANoteThatDecidesNoSection()
    {
        var possible = F(FindingKind.ProvisionalSuddenLoss, 1, "PHQ-9 rose from 8 to 16 between check-ins 3 and 4: possible sudden loss (confirmed or dropped at the next check-in)");
        var digest = Digest.Build(Dr, [Client("A", possible)], Now, Settings);
        var client = Assert.Single(digest.EveryoneElse);
        Assert.Equal([possible.Description], client.Notes);
    }

    [Fact]
    public void DischargedClients_LeaveTheDigest()
    {
        var digest = Digest.Build(Dr, [Client("A", F(FindingKind.NotOnTrack)) with { Status = ClientStatus.Discharged }, Client("B") with { Status = ClientStatus.Paused }], Now, Settings);
        Assert.Equal(1, digest.Clients);
        Assert.Equal("B", Assert.Single(digest.EveryoneElse).Summary.DisplayCode);
    }
}
