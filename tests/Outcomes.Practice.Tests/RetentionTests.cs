using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Outcomes.Practice.Data;

namespace Outcomes.Practice.Tests;

/// <summary>The daily retention run: which clients it erases, and what the audit log keeps.</summary>
public class RetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 3, 30, 0, TimeSpan.Zero);

    private static ClientProfile Client(string id, ClientStatus status, DateTimeOffset? dischargedAt) =>
        new(id, "t", id.ToUpperInvariant(), $"{id}@client.example", ["phq9"], 7, "Europe/London", Now.AddYears(-2), status) { DischargedAt = dischargedAt };

    private readonly Mock<IClientRecords> _records = new();
    private readonly Mock<IPersonalData> _data = new();
    private readonly Mock<IAuditLog> _audit = new();
    private readonly Mock<Outcomes.Practice.Email.IOutbox> _outbox = new();

    private ClientErasure Erasure(int? days) =>
        new(_records.Object, _data.Object, _outbox.Object, _audit.Object, new PracticeSettings { RetainDischargedFor = days is int d ? TimeSpan.FromDays(d) : null }, TimeProvider.System, NullLogger<ClientErasure>.Instance);

    public RetentionTests()
    {
        _records.Setup(r => r.ListClientsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            Client("old", ClientStatus.Discharged, Now.AddDays(-400)),
            Client("exactly", ClientStatus.Discharged, Now.AddDays(-365)),
            Client("recent", ClientStatus.Discharged, Now.AddDays(-364)),
            Client("active", ClientStatus.Active, null),
            Client("paused", ClientStatus.Paused, null),
        ]);
        _data.Setup(d => d.EraseAsync(It.IsAny<ClientProfile>(), It.IsAny<CancellationToken>())).ReturnsAsync(new ErasedRecords(5, 1, 1, 0));
    }

    [Fact]
    public async Task Retention_ErasesClientsDischargedAtLeastThatLongAgoOnly()
    {
        var erased = await Erasure(365).EraseDischargedAsync(Now, CancellationToken.None);

        Assert.Equal(2, erased);
        _data.Verify(d => d.EraseAsync(It.Is<ClientProfile>(c => c.Id == "old"), It.IsAny<CancellationToken>()), Times.Once);
        _data.Verify(d => d.EraseAsync(It.Is<ClientProfile>(c => c.Id == "exactly"), It.IsAny<CancellationToken>()), Times.Once);
        _data.VerifyNoOtherCalls();

        // The audit keeps that each happened, by the retention run, without the client's id, address or code.
        _audit.Verify(a => a.AppendAsync(It.Is<AuditEntry>(e => e.Action == AuditActions.ClientErased && e.Actor == Actors.Retention && e.ClientId == null && !e.Detail.Contains("old", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task Retention_KeepsSentEmailsWordsThirtyDaysThenTheirMetadataOnly()
    {
        await Erasure(null).EraseDischargedAsync(Now, CancellationToken.None);

        _outbox.Verify(o => o.ForgetBodiesAsync(Now.AddDays(-30), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Retention_Unset_KeepsEveryone()
    {
        Assert.Equal(0, await Erasure(null).EraseDischargedAsync(Now, CancellationToken.None));
        _records.Verify(r => r.ListClientsAsync(It.IsAny<CancellationToken>()), Times.Never);
        _data.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Retention_OneErasureFailing_StillErasesTheOthersThenReportsTheFailure()
    {
        _data.Setup(d => d.EraseAsync(It.Is<ClientProfile>(c => c.Id == "old"), It.IsAny<CancellationToken>())).ThrowsAsync(new StorageUnavailableException("down", new IOException()));

        await Assert.ThrowsAsync<StorageUnavailableException>(() => Erasure(365).EraseDischargedAsync(Now, CancellationToken.None));

        _data.Verify(d => d.EraseAsync(It.Is<ClientProfile>(c => c.Id == "exactly"), It.IsAny<CancellationToken>()), Times.Once);
        _audit.Verify(a => a.AppendAsync(It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()), Times.Once);
    }
}
