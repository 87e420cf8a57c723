using Outcomes.Practice.Alerts;

namespace Outcomes.Practice.Tests;

public class SignedLinkTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GenuineLink_GivesBackItsFields()
    {
        var token = SignedLink.Create(Key, SignedLink.Acknowledge, Now.AddDays(7), "client", "RiskAnswer:phq9:3", "therapist");
        Assert.Equal(["client", "RiskAnswer:phq9:3", "therapist"], SignedLink.Verify(Key, token, SignedLink.Acknowledge, Now)!);
    }

    [Fact]
    public void SameContent_SameLink()
    {
        Assert.Equal(
            SignedLink.Create(Key, SignedLink.Acknowledge, Now, "t1"),
            SignedLink.Create(Key, SignedLink.Acknowledge, Now, "t1"));
    }

    [Fact]
    public void ExpiredLink_IsRefusedFromItsExpiryOn()
    {
        var token = SignedLink.Create(Key, SignedLink.Acknowledge, Now, "t1");
        Assert.NotNull(SignedLink.Verify(Key, token, SignedLink.Acknowledge, Now.AddSeconds(-1)));
        Assert.Null(SignedLink.Verify(Key, token, SignedLink.Acknowledge, Now));
    }

    [Fact]
    public void LinkForAnotherPurpose_IsRefused()
    {
        var token = SignedLink.Create(Key, "another purpose", Now.AddDays(1), "t1");
        Assert.Null(SignedLink.Verify(Key, token, SignedLink.Acknowledge, Now));
    }

    [Fact]
    public void LinkSignedWithAnotherKey_IsRefused()
    {
        var token = SignedLink.Create(new byte[32], SignedLink.Acknowledge, Now.AddDays(1), "t1");
        Assert.Null(SignedLink.Verify(Key, token, SignedLink.Acknowledge, Now));
    }

    [Fact]
    public void AlteredPayload_IsRefused()
    {
        var token = SignedLink.Create(Key, SignedLink.Acknowledge, Now.AddDays(1), "t1");
        var other = SignedLink.Create(Key, SignedLink.Acknowledge, Now.AddDays(1), "t2");
        // Someone else's payload with this link's signature.
        Assert.Null(SignedLink.Verify(Key, other.Split('.')[0] + "." + token.Split('.')[1], SignedLink.Acknowledge, Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    [InlineData("YWNr.")]
    public void Garbage_IsRefusedWithoutThrowing(string token)
    {
        Assert.Null(SignedLink.Verify(Key, token, SignedLink.Acknowledge, Now));
    }

    [Fact]
    public void FieldWithTheSeparator_CannotBeSigned()
    {
        Assert.Throws<ArgumentException>(() => SignedLink.Create(Key, SignedLink.Acknowledge, Now, "a|b"));
    }
}
