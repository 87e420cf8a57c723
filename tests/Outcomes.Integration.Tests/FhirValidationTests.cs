namespace Outcomes.Integration.Tests;

/// <summary>The validator the FHIR export is held to finds errors when there are some: a zero from it means something.</summary>
public class FhirValidationTests
{
    [Fact]
    public void Validator_FindsTheErrorsOfAnInvalidObservation()
    {
        // No status and no code, both required by base R4 (the strict parser would not even read it: built in code).
        var invalid = new Hl7.Fhir.Model.Observation { Value = new Hl7.Fhir.Model.Quantity { Value = 5 } };

        var errors = FhirValidation.Errors(invalid);

        Assert.Contains(errors, e => e.Contains("status", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(errors, e => e.Contains("code", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Parser_RefusesAnElementR4DoesNotHaveOrAMissingRequiredOne()
    {
        Assert.ThrowsAny<Exception>(() => FhirValidation.Parse("""{"resourceType":"Observation","valueQuantity":{"value":5}}"""));
        Assert.ThrowsAny<Exception>(() => FhirValidation.Parse("""{"resourceType":"Patient","favouriteColour":"blue"}"""));
    }
}
