using Moq;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Scoring;
using Outcomes.Practice;

namespace Outcomes.Practice.Tests;

/// <summary>
/// The submission service against a mocked store and queue: the paths a real storage account
/// produces only under faults (a lost reply, a refused write, a queue outage). The normal paths
/// run against Azurite in the integration tests.
/// </summary>
public class AnswerSubmissionTests
{
    private const string ClientId = "0123456789abcdef0123456789abcdef";
    private readonly Mock<IClientRecords> _store = new(MockBehavior.Strict);
    private readonly Mock<IWorkQueues> _queues = new(MockBehavior.Strict);
    private readonly string _token;
    private readonly Invitation _invitation;

    public AnswerSubmissionTests()
    {
        (_token, var hash) = QuestionnaireToken.Create(ClientId);
        var now = DateTimeOffset.UtcNow;
        _invitation = new Invitation(ClientId, "therapist", hash, ["gad7"], now.AddHours(-1), now.AddDays(6), null, null, "etag-1");
        _store.Setup(s => s.FindInvitationAsync(ClientId, hash, It.IsAny<CancellationToken>())).ReturnsAsync(_invitation);
        _queues.Setup(q => q.RequestScoringAsync(It.IsAny<ScoreRequest>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
    }

    private static Dictionary<string, AnswerSet> Answers => new() { ["gad7"] = AnswerSet.FromValues(1, 1, 1, 1, 1, 1, 1) };

    private Task<SubmissionResult> Submit() =>
        new AnswerSubmission(_store.Object, _queues.Object, InstrumentCatalog.BuiltIn, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<AnswerSubmission>.Instance).SubmitAsync(_token, Answers, CancellationToken.None);

    [Fact]
    public async Task RefusedWriteWhoseReplyWasLost_IsAccepted()
    {
        string? written = null;
        _store.Setup(s => s.RecordResponseAsync(It.IsAny<StoredResponse>(), It.IsAny<Invitation>(), It.IsAny<CancellationToken>()))
            .Callback<StoredResponse, Invitation, CancellationToken>((r, _, _) => written = r.ResponseId)
            .ReturnsAsync(false);
        _store.SetupSequence(s => s.FindInvitationAsync(ClientId, _invitation.TokenHash, It.IsAny<CancellationToken>()))
            .ReturnsAsync(_invitation)
            .ReturnsAsync(() => _invitation with { UsedAt = DateTimeOffset.UtcNow, ResponseId = written });

        var result = await Submit();

        Assert.Equal(SubmissionStatus.Accepted, result.Status);
        Assert.Equal(written, result.ResponseId);
    }

    [Fact]
    public async Task RefusedWriteBecauseAnotherSubmissionWon_IsAlreadyAnswered()
    {
        _store.Setup(s => s.RecordResponseAsync(It.IsAny<StoredResponse>(), It.IsAny<Invitation>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);
        _store.SetupSequence(s => s.FindInvitationAsync(ClientId, _invitation.TokenHash, It.IsAny<CancellationToken>()))
            .ReturnsAsync(_invitation)
            .ReturnsAsync(_invitation with { UsedAt = DateTimeOffset.UtcNow, ResponseId = "someone-else" });

        Assert.Equal(SubmissionStatus.AlreadyAnswered, (await Submit()).Status);
    }

    [Fact]
    public async Task WriteRefusedThoughTheLinkIsUnused_IsRetriedThenUnavailable()
    {
        _store.Setup(s => s.RecordResponseAsync(It.IsAny<StoredResponse>(), It.IsAny<Invitation>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);

        await Assert.ThrowsAsync<StorageUnavailableException>(Submit);
        _store.Verify(s => s.RecordResponseAsync(It.IsAny<StoredResponse>(), It.IsAny<Invitation>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
    }

    [Fact]
    public async Task QueueDownAfterTheWrite_TheAnswersAreKeptAndAccepted_ForTheRedriveToScore()
    {
        // Written first, then queued: the client is not asked to send again for a queue that failed after their answers were safe.
        _store.Setup(s => s.RecordResponseAsync(It.IsAny<StoredResponse>(), It.IsAny<Invitation>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _queues.Setup(q => q.RequestScoringAsync(It.IsAny<ScoreRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new StorageUnavailableException("down", new IOException()));

        Assert.Equal(SubmissionStatus.Accepted, (await Submit()).Status);
        _store.Verify(s => s.RecordResponseAsync(It.IsAny<StoredResponse>(), It.IsAny<Invitation>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task StoreDown_NothingIsQueued()
    {
        _store.Setup(s => s.RecordResponseAsync(It.IsAny<StoredResponse>(), It.IsAny<Invitation>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new StorageUnavailableException("down", new IOException()));

        await Assert.ThrowsAsync<StorageUnavailableException>(Submit);
        _queues.Verify(q => q.RequestScoringAsync(It.IsAny<ScoreRequest>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task RiskAnswer_IsReportedAtOnce()
    {
        _store.Setup(s => s.RecordResponseAsync(It.IsAny<StoredResponse>(), It.IsAny<Invitation>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        var invitation = _invitation with { Instruments = ["phq9"] };
        _store.Setup(s => s.FindInvitationAsync(ClientId, _invitation.TokenHash, It.IsAny<CancellationToken>())).ReturnsAsync(invitation);

        var result = await new AnswerSubmission(_store.Object, _queues.Object, InstrumentCatalog.BuiltIn, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<AnswerSubmission>.Instance)
            .SubmitAsync(_token, new Dictionary<string, AnswerSet> { ["phq9"] = AnswerSet.FromValues(0, 0, 0, 0, 0, 0, 0, 0, 1) }, CancellationToken.None);

        Assert.Equal((SubmissionStatus.Accepted, true), (result.Status, result.RiskAnswer));
    }

    [Fact]
    public async Task ExpiredLink_IsAnUnknownLink()
    {
        var expired = _invitation with { ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1) };
        _store.Setup(s => s.FindInvitationAsync(ClientId, _invitation.TokenHash, It.IsAny<CancellationToken>())).ReturnsAsync(expired);

        Assert.Equal(SubmissionStatus.UnknownLink, (await Submit()).Status);
        _queues.Verify(q => q.RequestScoringAsync(It.IsAny<ScoreRequest>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task TheWrittenLink_KeepsWhetherItsAnswersHeldARiskAnswer()
    {
        var written = new List<Invitation>();
        _store.Setup(s => s.RecordResponseAsync(It.IsAny<StoredResponse>(), It.IsAny<Invitation>(), It.IsAny<CancellationToken>()))
            .Callback<StoredResponse, Invitation, CancellationToken>((_, i, _) => written.Add(i))
            .ReturnsAsync(true);
        var phq9 = _invitation with { Instruments = ["phq9"] };
        _store.Setup(s => s.FindInvitationAsync(ClientId, _invitation.TokenHash, It.IsAny<CancellationToken>())).ReturnsAsync(phq9);
        var submission = new AnswerSubmission(_store.Object, _queues.Object, InstrumentCatalog.BuiltIn, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<AnswerSubmission>.Instance);

        await submission.SubmitAsync(_token, new Dictionary<string, AnswerSet> { ["phq9"] = AnswerSet.FromValues(0, 0, 0, 0, 0, 0, 0, 0, 2) }, CancellationToken.None);
        await submission.SubmitAsync(_token, new Dictionary<string, AnswerSet> { ["phq9"] = AnswerSet.FromValues(3, 3, 3, 3, 3, 3, 3, 3, 0) }, CancellationToken.None);

        Assert.Equal([true, false], written.Select(i => i.RiskAnswer));
    }

    [Theory]
    [InlineData(-2.0, 5.0, SubmissionStatus.AlreadyAnswered)] // answered two days ago, open five more: its confirmation
    [InlineData(-0.5, -0.25, SubmissionStatus.AlreadyAnswered)] // answered just before it expired, reloaded after: still the confirmation
    [InlineData(-1.01, -0.5, SubmissionStatus.UnknownLink)] // expired, and answered more than a day ago: like any dead link
    [InlineData(null, -0.25, SubmissionStatus.UnknownLink)] // expired unanswered
    public async Task AnAnsweredLink_ShowsItsConfirmationUntilItExpiresAndAtLeastADayAfterItsAnswer(double? answeredDaysAgo, double expiresInDays, SubmissionStatus expected)
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        var now = time.GetUtcNow();
        var link = _invitation with
        {
            IssuedAt = now.AddDays(-7),
            ExpiresAt = now.AddDays(expiresInDays),
            UsedAt = answeredDaysAgo is { } days ? now.AddDays(days) : null,
            ResponseId = answeredDaysAgo is null ? null : "r",
            RiskAnswer = answeredDaysAgo is null ? null : true,
        };
        _store.Setup(s => s.FindInvitationAsync(ClientId, _invitation.TokenHash, It.IsAny<CancellationToken>())).ReturnsAsync(link);

        var (status, found) = await new AnswerSubmission(_store.Object, _queues.Object, InstrumentCatalog.BuiltIn, time, Microsoft.Extensions.Logging.Abstractions.NullLogger<AnswerSubmission>.Instance).FindOpenInvitationAsync(_token, CancellationToken.None);

        Assert.Equal(expected, status);
        Assert.Equal(expected == SubmissionStatus.AlreadyAnswered, found?.RiskAnswer == true);
    }

    [Fact]
    public void Token_RoundTripsTheClientAndRejectsAnythingElse()
    {
        var (token, hash) = QuestionnaireToken.Create(ClientId);
        Assert.Equal((ClientId, hash), QuestionnaireToken.Read(token));
        Assert.Equal(64, token.Length);
        Assert.Null(QuestionnaireToken.Read(token[..63]));
        Assert.Null(QuestionnaireToken.Read(token[..63] + "!"));
        Assert.Null(QuestionnaireToken.Read(null));
        Assert.NotEqual(hash, QuestionnaireToken.Create(ClientId).Hash);
    }
}
