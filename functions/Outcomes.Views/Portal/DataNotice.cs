using Outcomes.Practice.Data;

namespace Outcomes.Views.Portal;

/// <summary>
/// What the data page says after an import, export or erasure: what happened or would happen (a dry
/// run's rows), the problems by line and column, and the caseload as given (<see cref="Csv"/>), kept
/// in the form to import once checked or to correct.
/// </summary>
public sealed record DataNotice(
    string Text,
    string? Csv = null,
    IReadOnlyList<ImportedRow>? Rows = null,
    IReadOnlyList<ImportProblem>? Problems = null,
    bool CanImport = false,
    FormState? Form = null);
