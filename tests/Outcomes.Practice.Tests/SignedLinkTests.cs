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
    public void AlteredLink_IsRefused()
    {
        var token = SignedLink.Create(Key, SignedLink.Acknowledge, Now.AddDays(1), "t1");
        var bytes = Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + new string('=', (4 - token.Length % 4) % 4));
        for (var i = 0; i < bytes.Length; i++)
        {
            var altered = (byte[])bytes.Clone();
            altered[i] ^= 0x01; // any one bit, in the nonce, the sealed content or the tag
            var text = Convert.ToBase64String(altered).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            Assert.Null(SignedLink.Verify(Key, text, SignedLink.Acknowledge, Now));
        }
    }

    [Fact]
    public void Link_SaysNothingOfWhatItIsAbout()
    {
        const string client = "0123456789abcdef0123456789abcdef";
        var token = SignedLink.Create(Key, SignedLink.Acknowledge, Now.AddDays(7), client, "RiskAnswer:phq9:3", "therapist");
        var bytes = Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + new string('=', (4 - token.Length % 4) % 4));
        var asText = System.Text.Encoding.Latin1.GetString(bytes);

        foreach (var part in new[] { "ack", client, "RiskAnswer", "phq9", "therapist", "|" })
        {
            Assert.DoesNotContain(part, asText, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(part, token, StringComparison.OrdinalIgnoreCase);
        }

        // Different alerts never share a nonce (its first 12 bytes).
        var other = SignedLink.Create(Key, SignedLink.Acknowledge, Now.AddDays(7), client, "RiskAnswer:phq9:4", "therapist");
        Assert.NotEqual(token[..16], other[..16]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    [InlineData("YWNr.")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
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
