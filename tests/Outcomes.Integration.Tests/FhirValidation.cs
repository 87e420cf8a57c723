using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace Outcomes.Integration.Tests;

/// <summary>Firely's validator against the base R4 specification (offline, from Hl7.Fhir.Specification.Data.R4), and the SDK's strict parser.</summary>
internal static class FhirValidation
{
    private static readonly Lazy<Validator> Validator = new(() =>
    {
        var resolver = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(resolver.AsAsync(), new LocalTerminologyService(resolver.AsAsync()));
    });

    private static readonly FhirJsonDeserializer Parser = new();

    /// <summary>Parses the JSON strictly (an unknown element or a bad value throws).</summary>
    public static Resource Parse(string json) => Parser.DeserializeResource(json);

    /// <summary>Every error and fatal issue the validator finds, as text.</summary>
    public static IReadOnlyList<string> Errors(Resource resource) =>
        Validator.Value.Validate(resource).Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{string.Join(",", i.Expression)}: {i.Details?.Text ?? i.Diagnostics}")
            .ToList();
}
