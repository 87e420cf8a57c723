namespace Outcomes.Practice;

/// <summary>One thing wrong with a request, naming the field.</summary>
public sealed record Problem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";

    /// <summary>At most 40 characters of something the request sent, for quoting it back in an error.</summary>
    public static string Excerpt(string? given) =>
        given is null ? "" : given.Length <= 40 ? given : string.Concat(given.AsSpan(0, 40), "…");
}

/// <summary>The request cannot be carried out as given; nothing was changed.</summary>
public sealed class InvalidRequestException(IReadOnlyList<Problem> problems)
    : Exception(string.Join("; ", problems))
{
    public IReadOnlyList<Problem> Problems { get; } = problems;
}

/// <summary>What the request names does not exist.</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The request conflicts with the practice's records as they are now (a used display code, a discharged client); nothing was changed.</summary>
public sealed class ConflictException(string message) : Exception(message);
