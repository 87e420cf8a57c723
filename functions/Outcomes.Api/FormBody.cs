using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Outcomes.Api;

/// <summary>How a page's form post is read: up to the body limit and no further, then parsed; each way it can fail, told apart.</summary>
internal static class FormBody
{
    public enum Failure
    {
        None,

        /// <summary>Not a form post at all.</summary>
        NotAForm,

        /// <summary>More than <see cref="RequestBody.MaxBytes"/>.</summary>
        TooLarge,

        /// <summary>A truncated or boundary-less multipart body, or a malformed encoding.</summary>
        Unreadable,
    }

    public static async Task<(IFormCollection? Form, Failure Failure)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return (null, Failure.NotAForm);
        }

        // Read up to the limit and no further, declared length or chunked, before the form is parsed.
        var body = await RequestBody.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return (null, Failure.TooLarge);
        }

        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        try
        {
            return (await request.ReadFormAsync(new FormOptions { ValueLengthLimit = RequestBody.MaxBytes, MultipartBodyLengthLimit = RequestBody.MaxBytes }, cancellationToken), Failure.None);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or FormatException)
        {
            return (null, Failure.Unreadable);
        }
    }
}
