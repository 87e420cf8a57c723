using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Scoring;
using Outcomes.Practice;

namespace Outcomes.Practice.Tests;

/// <summary>
/// The scoring service against a mocked store and queue, for what real storage does only under a
/// race or a loss: a refused write, a request naming no response, a request lost after its write. Real races against
/// Azurite are in the integration fault suite.
/// </summary>
public class ResponseScoringTests
{
    private const string ClientId = "0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 18, 0, 0, TimeSpan.Zero);
    private readonly Mock<IClientRecords> _store = new(MockBehavior.Strict);
    private readonly Mock<ICaseloads> _caseloads = new(MockBehavior.Strict);
    private readonly Mock<IWorkQueues> _queues = new(MockBehavior.Strict);
    private readonly FakeTimeProvider _time = new(Now);
    private static readonly ClientProfile Profile = new(ClientId, "therapist", "A-1", "a@client.example", ["phq9"], 7, "UTC", Now.AddDays(-30));

    public ResponseScoringTests()
    {
        _caseloads.Setup(s => s.UpsertSummaryAsync(It.IsAny<ClientSummary>(), It.IsAny<long>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        _queues.Setup(q => q.RequestAlertAsync(It.IsAny<AlertRequest>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        _queues.Setup(q => q.RequestScoringAsync(It.IsAny<ScoreRequest>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
    }

    private ResponseScoring Scoring()
    {
        var settings = new PracticeSettings();
        // This practice shares nothing with clients, so the milestone emails never reach their email or link seams.
        var milestones = new MilestoneEmails(null!, null!, InstrumentCatalog.BuiltIn, settings, NullLogger<MilestoneEmails>.Instance);
        return new ResponseScoring(_store.Object, _queues.Object, new ClientSummaries(_store.Object, _caseloads.Object, InstrumentCatalog.BuiltIn, settings), milestones, InstrumentCatalog.BuiltIn, settings, _time, NullLogger<ResponseScoring>.Instance);
    }

    private static StoredResponse Response(DateTimeOffset at, int item9) =>
        new(ClientId, $"{at.UtcTicks:D19}-aaaaaaaa", "therapist", at, new Dictionary<string, AnswerSet> { ["phq9"] = AnswerSet.FromValues(1, 1, 1, 1, 1, 1, 1, 1, item9) });

    private static ScoreRecord Score(StoredResponse response) =>
        new(ClientId, response.ResponseId, response.SubmittedAt, [InstrumentScoring.Score(InstrumentCatalog.BuiltIn["phq9"], response.Answers["phq9"])]);

    [Fact]
    public async Task RefusedWrite_IsReadAgainNotTakenForDone_AndScoresWithTheFindingsAnotherWriteDidNotRaise()
    {
        var earlier = Response(Now.AddDays(-7), 0);
        var risk = Response(Now.AddMinutes(-1), 2);
        var before = new ClientFile(Profile, [], [earlier, risk], [], []);

        // Meanwhile the earlier response was scored by another instance.
        var meanwhile = before with { Scores = [Score(earlier)] };
        _store.SetupSequence(s => s.ReadClientFileAsync(ClientId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(before).ReturnsAsync(meanwhile).ReturnsAsync(meanwhile);
        var writes = new List<IReadOnlyList<AlertRecord>>();
        _store.Setup(s => s.RecordScoringAsync(It.IsAny<ScoreRecord>(), It.IsAny<IReadOnlyList<AlertRecord>>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Callback<ScoreRecord, IReadOnlyList<AlertRecord>, bool, CancellationToken>((_, alerts, _, _) => writes.Add(alerts))
            .Returns(() => Task.FromResult(writes.Count > 1));

        Assert.Equal(ScoringOutcome.Scored, await Scoring().ScoreAsync(new ScoreRequest(ClientId, risk.ResponseId), CancellationToken.None));
        Assert.Equal(2, writes.Count);
        Assert.Single(writes[1], a => a.Kind == Clinical.Progress.FindingKind.RiskAnswer);
    }

    [Fact]
    public async Task WriteRefusedEveryTime_IsLeftToTheQueueNeverReportedScored()
    {
        var risk = Response(Now.AddMinutes(-1), 2);
        _store.Setup(s => s.ReadClientFileAsync(ClientId, It.IsAny<CancellationToken>())).ReturnsAsync(new ClientFile(Profile, [], [risk], [], []));
        _store.Setup(s => s.RecordScoringAsync(It.IsAny<ScoreRecord>(), It.IsAny<IReadOnlyList<AlertRecord>>(), It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);

        await Assert.ThrowsAsync<ScoringConflictException>(() => Scoring().ScoreAsync(new ScoreRequest(ClientId, risk.ResponseId), CancellationToken.None));
        _store.Verify(s => s.RecordScoringAsync(It.IsAny<ScoreRecord>(), It.IsAny<IReadOnlyList<AlertRecord>>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Exactly(ResponseScoring.MaxAttempts));
        _queues.Verify(q => q.RequestAlertAsync(It.IsAny<AlertRequest>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task RequestForAResponseNotStored_EndsQuietly_WritingAndQueuingNothing()
    {
        // Responses are stored before their request is queued: a request without one outlived its client or names nothing.
        _store.Setup(s => s.ReadClientFileAsync(ClientId, It.IsAny<CancellationToken>())).ReturnsAsync(new ClientFile(Profile, [], [], [], []));

        Assert.Equal(ScoringOutcome.NoSuchResponse, await Scoring().ScoreAsync(new ScoreRequest(ClientId, $"{Now.UtcTicks:D19}-lost0000"), CancellationToken.None));
        _queues.Verify(q => q.RequestScoringAsync(It.IsAny<ScoreRequest>(), It.IsAny<CancellationToken>()), Times.Never);
        _queues.Verify(q => q.RequestAlertAsync(It.IsAny<AlertRequest>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TheScoreEndsTheResponsesAwaiting_InTheSameWrite_WhenItAwaitsIt(bool awaiting)
    {
        // A response stored before awaiting was recorded (or by the demo's seeding) has nothing to end.
        var response = Response(Now.AddMinutes(-1), 0);
        var file = new ClientFile(Profile, [], [response], [], []) { AwaitingScoring = awaiting ? [response.ResponseId] : [] };
        _store.Setup(s => s.ReadClientFileAsync(ClientId, It.IsAny<CancellationToken>())).ReturnsAsync(file);
        _store.Setup(s => s.RecordScoringAsync(It.IsAny<ScoreRecord>(), It.IsAny<IReadOnlyList<AlertRecord>>(), awaiting, It.IsAny<CancellationToken>())).ReturnsAsync(true);

        Assert.Equal(ScoringOutcome.Scored, await Scoring().ScoreAsync(new ScoreRequest(ClientId, response.ResponseId), CancellationToken.None));
        _store.Verify(s => s.RecordScoringAsync(It.Is<ScoreRecord>(r => r.ResponseId == response.ResponseId), It.IsAny<IReadOnlyList<AlertRecord>>(), awaiting, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Redrive_AsksAgainForEveryResponseAwaitingLongerThanTwoMinutes()
    {
        ScoreRequest[] lost = [new(ClientId, "lost-1"), new("fedcba9876543210fedcba9876543210", "lost-2")];
        _store.Setup(s => s.ListAwaitingScoringAsync(Now - ResponseScoring.RedriveAfter, It.IsAny<CancellationToken>())).ReturnsAsync(lost.Select(r => new AwaitingScoring(r, 0, null)).ToList());
        _store.Setup(s => s.NoteRedriveAsync(It.IsAny<ScoreRequest>(), 1, Now + TimeSpan.FromMinutes(4), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        Assert.Equal(2, await Scoring().RedriveAsync(Now, CancellationToken.None));
        Assert.Equal(TimeSpan.FromMinutes(2), ResponseScoring.RedriveAfter);
        foreach (var request in lost)
        {
            _queues.Verify(q => q.RequestScoringAsync(request, It.IsAny<CancellationToken>()), Times.Once);
        }
    }

    [Fact]
    public async Task Redrive_BacksOff_AndGivesUpAfterFiveAsks_SoAnAnswerThatCannotBeScoredIsNotSentRoundForEver()
    {
        var waiting = new AwaitingScoring(new(ClientId, "backing-off"), 2, Now.AddMinutes(3));
        var spent = new AwaitingScoring(new(ClientId, "never-scorable"), ResponseScoring.MaxRedrives, Now.AddMinutes(-1));
        _store.Setup(s => s.ListAwaitingScoringAsync(Now - ResponseScoring.RedriveAfter, It.IsAny<CancellationToken>())).ReturnsAsync([waiting, spent]);
        _store.Setup(s => s.NoteRedriveAsync(spent.Request, ResponseScoring.MaxRedrives, DateTimeOffset.MaxValue, It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        Assert.Equal(0, await Scoring().RedriveAsync(Now, CancellationToken.None));
        _queues.Verify(q => q.RequestScoringAsync(It.IsAny<ScoreRequest>(), It.IsAny<CancellationToken>()), Times.Never);
        _store.Verify(s => s.NoteRedriveAsync(spent.Request, ResponseScoring.MaxRedrives, DateTimeOffset.MaxValue, It.IsAny<CancellationToken>()), Times.Once);
    }
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AStateToldUnderAnEarlierReference_IsNotRaisedAgain_WhenItsOnsetMovesEarlier(bool toldAtCheckIn4)
    {
        // PHQ-9 24 at every weekly check-in: not on track from check-in 3 by the synthetic reference.
        var responses = Enumerable.Range(0, 5).Select(i => new StoredResponse(ClientId, $"{Now.AddDays(7 * (i - 4)).UtcTicks:D19}-aaaaaaaa", "therapist", Now.AddDays(7 * (i - 4)), new Dictionary<string, AnswerSet> { ["phq9"] = AnswerSet.FromValues(3, 3, 3, 3, 3, 3, 3, 3, 0) })).ToList();
        var history = responses.Take(4).Select(r => new Clinical.Progress.ScoredResponse(r.SubmittedAt, [Score(r).Scores[0]])).ToList();
        var onset = Assert.Single(Clinical.Progress.ClientProgress.Assess(history, InstrumentCatalog.BuiltIn, 0, Clinical.ClinicalSettings.Default).Findings, f => f.Kind == Clinical.Progress.FindingKind.NotOnTrack);
        Assert.Equal(3, onset.CheckIn);

        // The therapist heard of it at check-in 4, when an earlier reference first judged it off track.
        var fourth = responses[3];
        AlertRecord[] told = toldAtCheckIn4
            ? [new(ClientId, $"NotOnTrack:phq9:{fourth.SubmittedAt.UtcTicks}", Clinical.Progress.FindingKind.NotOnTrack, Clinical.Progress.AlertUrgency.BatchedWarning, "phq9", "PHQ-9 is 24 … not on track", fourth.ResponseId, fourth.SubmittedAt) { CheckIn = 4, CheckInAt = fourth.SubmittedAt }]
            : [];
        _store.Setup(s => s.ReadClientFileAsync(ClientId, It.IsAny<CancellationToken>())).ReturnsAsync(new ClientFile(Profile, [], responses, responses.Take(4).Select(Score).ToList(), told));
        IReadOnlyList<AlertRecord> raised = [];
        _store.Setup(s => s.RecordScoringAsync(It.IsAny<ScoreRecord>(), It.IsAny<IReadOnlyList<AlertRecord>>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Callback<ScoreRecord, IReadOnlyList<AlertRecord>, bool, CancellationToken>((_, alerts, _, _) => raised = alerts)
            .ReturnsAsync(true);

        Assert.Equal(ScoringOutcome.Scored, await Scoring().ScoreAsync(new ScoreRequest(ClientId, responses[4].ResponseId), CancellationToken.None));

        // Told: the same unbroken state, not a second warning. Never told: raised, dated from check-in 3.
        Assert.Equal(toldAtCheckIn4 ? 0 : 1, raised.Count(a => a.Kind == Clinical.Progress.FindingKind.NotOnTrack));
        Assert.All(raised.Where(a => a.Kind == Clinical.Progress.FindingKind.NotOnTrack), a => Assert.Equal(3, a.CheckIn));
    }
}
