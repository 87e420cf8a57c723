using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Practice;

namespace Outcomes.Practice.Tests;

public class EachItemTests
{
    [Fact]
    public async Task FailingItem_DoesNotStopTheOthersAndTheRunStillFails()
    {
        var handled = new List<int>();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EachItem.RunAsync(
            [1, 2, 3, 4],
            i => $"item {i}",
            i =>
            {
                if (i is 2 or 3)
                {
                    throw new InvalidOperationException($"broken {i}");
                }

                handled.Add(i);
                return Task.CompletedTask;
            },
            NullLogger.Instance,
            "test",
            CancellationToken.None));

        Assert.Equal([1, 4], handled);
        Assert.Equal("broken 2", error.Message);
    }

    [Fact]
    public async Task Cancellation_StopsTheRun()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(() => EachItem.RunAsync([1], i => "", _ => Task.CompletedTask, NullLogger.Instance, "test", cancelled.Token));
    }
}
