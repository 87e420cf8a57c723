using MimeKit;
using Outcomes.Practice;

namespace Outcomes.Email.Tests;

/// <summary>Enrolment accepts an address only if the mailer's own parser, strict, accepts it as one plain mailbox.</summary>
public class AddressTests
{
    private static readonly ParserOptions Strict = new() { AddressParserComplianceMode = RfcComplianceMode.Strict, AllowAddressesWithoutDomain = false };

    [Theory]
    [InlineData("ada@clinic.example")]
    [InlineData("first.last+outcomes@mail.clinic.co.uk")]
    [InlineData("o'brien@example.org")]
    [InlineData("x_y-z@a-b.example")]
    public void Accepted_IsOneMailboxToTheMailer(string address)
    {
        Assert.True(EmailAddress.IsDeliverable(address));
        Assert.True(MailboxAddress.TryParse(Strict, address, out var parsed));
        Assert.Equal(address, parsed.Address);
    }

    [Theory]
    [InlineData("a.@example.com")]
    [InlineData(".a@example.com")]
    [InlineData("a..b@example.com")]
    [InlineData("a@b")]
    [InlineData("a@-b.example")]
    [InlineData("a@b.c")]
    [InlineData("a\u202E@example.com")]
    [InlineData("a\u200B@example.com")]
    [InlineData("Ada <ada@clinic.example>")]
    [InlineData("\"a b\"@example.com")]
    [InlineData("a@[127.0.0.1]")]
    [InlineData("a@b@example.com")]
    [InlineData("ädä@example.com")]
    [InlineData("a@example.com\n")]
    public void Refused_WhatSomeMailerWouldNotSendTo(string address) => Assert.False(EmailAddress.IsDeliverable(address));
}
