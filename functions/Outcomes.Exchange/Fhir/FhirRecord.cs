using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Scoring;
using Outcomes.Practice.Data;

namespace Outcomes.Exchange.Fhir;

/// <summary>
/// A client's check-ins as FHIR R4 resources: a <c>Patient</c> (ids only, no name or address), a
/// <c>Questionnaire</c> per instrument, a <c>QuestionnaireResponse</c> per instrument answered at each
/// check-in, and an <c>Observation</c> per total with its band as interpretation. Resources live under
/// <c>{public address}/fhir</c>; what LOINC does not code is under Outcomes' own code system.
/// </summary>
public sealed class FhirRecord(InstrumentCatalog instruments, string baseUrl)
{
    /// <summary>Outcomes' own code system: instruments, items, answers and bands LOINC does not code.</summary>
    public const string OwnSystem = "urn:outcomes:fhir:codes";

    public const string ClientIdSystem = "urn:outcomes:client-id";
    public const string DisplayCodeSystem = "urn:outcomes:display-code";

    private readonly string _base = baseUrl.TrimEnd('/') + "/fhir";

    /// <summary>One client's record as a collection bundle.</summary>
    public Bundle Bundle(ClientCheckIns record, DateTimeOffset at)
    {
        var bundle = new Bundle { Type = Hl7.Fhir.Model.Bundle.BundleType.Collection, Timestamp = at };
        foreach (var resource in Questionnaires(record.CheckIns).Concat(Resources(record)))
        {
            bundle.Entry.Add(new Hl7.Fhir.Model.Bundle.EntryComponent { FullUrl = $"{_base}/{resource.TypeName}/{resource.Id}", Resource = resource });
        }

        return bundle;
    }

    /// <summary>The questionnaires of the instruments answered in <paramref name="checkIns"/>, in id order.</summary>
    public IEnumerable<Resource> Questionnaires(IEnumerable<CheckInRecord> checkIns) =>
        checkIns.SelectMany(c => c.Answers.Keys).Distinct().Order(StringComparer.Ordinal).Where(id => instruments.TryGet(id, out _)).Select(id => QuestionnaireOf(instruments[id]));

    /// <summary>The client's own resources: the patient, then each check-in's responses and observations.</summary>
    public IEnumerable<Resource> Resources(ClientCheckIns record)
    {
        var patient = new Patient
        {
            Id = record.Client.Id,
            Identifier =
            [
                new Identifier(ClientIdSystem, record.Client.Id),
                new Identifier(DisplayCodeSystem, record.Client.DisplayCode),
            ],
        };
        yield return patient;
        foreach (var checkIn in record.CheckIns)
        {
            foreach (var (instrumentId, answers) in checkIn.Answers.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                if (!instruments.TryGet(instrumentId, out var instrument))
                {
                    continue;
                }

                var response = Response(record.Client.Id, checkIn, instrument, answers);
                yield return response;
                if (checkIn.Scores.FirstOrDefault(s => s.InstrumentId == instrumentId) is { } score)
                {
                    yield return Observation(record.Client.Id, checkIn, instrument, score, response.Id!);
                }
            }
        }
    }

    public static string Serialize(Resource resource) => resource.ToJson();

    public Questionnaire QuestionnaireOf(Instrument instrument)
    {
        Loinc.ByInstrument.TryGetValue(instrument.Id, out var loinc);
        var questionnaire = new Questionnaire
        {
            Id = instrument.Id,
            Url = $"{_base}/Questionnaire/{instrument.Id}",
            Version = instrument.Version,
            Name = Name(instrument.Id),
            Title = instrument.Title,
            Status = PublicationStatus.Active,
            SubjectType = [ResourceType.Patient],
            Copyright = instrument.Copyright,
            Code = [loinc is null ? new Coding(OwnSystem, $"instrument-{instrument.Id}", instrument.Name) : new Coding(Loinc.System, loinc.Panel, instrument.Title)],
        };
        foreach (var item in instrument.Items)
        {
            var question = new Questionnaire.ItemComponent
            {
                LinkId = item.Id,
                Text = item.Text,
                Required = item.Required,
                Type = item.Kind == ItemKind.Text ? Questionnaire.QuestionnaireItemType.Text : Questionnaire.QuestionnaireItemType.Choice,
            };
            if (loinc?.Items.TryGetValue(item.Id, out var code) == true)
            {
                question.Code = [new Coding(Loinc.System, code, item.Text)];
            }

            foreach (var option in item.Options)
            {
                question.AnswerOption.Add(new Questionnaire.AnswerOptionComponent { Value = Answer(instrument, item, option.Value) });
            }

            questionnaire.Item.Add(question);
        }

        return questionnaire;
    }

    private QuestionnaireResponse Response(string clientId, CheckInRecord checkIn, Instrument instrument, AnswerSet answers)
    {
        var response = new QuestionnaireResponse
        {
            Id = $"{checkIn.ResponseId}-{instrument.Id}",
            Questionnaire = $"{_base}/Questionnaire/{instrument.Id}|{instrument.Version}",
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            Subject = new ResourceReference($"Patient/{clientId}"),
            Authored = checkIn.SubmittedAt.ToString("o", CultureInfo.InvariantCulture),
        };
        foreach (var item in instrument.Items)
        {
            var answer = new QuestionnaireResponse.AnswerComponent();
            if (item.Kind == ItemKind.Text && answers.Texts.TryGetValue(item.Id, out var text) && text.Length > 0)
            {
                answer.Value = new FhirString(text);
            }
            else if (item.Kind != ItemKind.Text && answers.Choices.TryGetValue(item.Id, out var value))
            {
                answer.Value = Answer(instrument, item, value);
            }
            else
            {
                continue;
            }

            response.Item.Add(new QuestionnaireResponse.ItemComponent { LinkId = item.Id, Text = item.Text, Answer = [answer] });
        }

        return response;
    }

    private Observation Observation(string clientId, CheckInRecord checkIn, Instrument instrument, InstrumentScore score, string responseId)
    {
        Loinc.ByInstrument.TryGetValue(instrument.Id, out var loinc);
        var observation = new Observation
        {
            Id = $"{checkIn.ResponseId}-{instrument.Id}-{instrument.PrimaryScore.Id}",
            Status = ObservationStatus.Final,
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "survey", "Survey")],
            Code = loinc is null
                ? new CodeableConcept(OwnSystem, $"score-{instrument.Id}-{instrument.PrimaryScore.Id}", instrument.PrimaryScore.Label)
                : new CodeableConcept(Loinc.System, loinc.Total, instrument.PrimaryScore.Label),
            Subject = new ResourceReference($"Patient/{clientId}"),
            Effective = new FhirDateTime(checkIn.SubmittedAt),
            Value = new Quantity((decimal)score.Primary, "{score}") { System = "http://unitsofmeasure.org", Code = "{score}" },
            DerivedFrom = [new ResourceReference($"QuestionnaireResponse/{responseId}")],
        };
        if (score.Band is { } band)
        {
            observation.Interpretation = [new CodeableConcept(OwnSystem, $"band-{instrument.Id}-{band.Replace(' ', '-')}", band) { Text = band }];
        }

        return observation;
    }

    private static Coding Answer(Instrument instrument, InstrumentItem item, int value)
    {
        var label = item.Options.FirstOrDefault(o => o.Value == value)?.Label ?? value.ToString(CultureInfo.InvariantCulture);
        return Loinc.ByInstrument.TryGetValue(instrument.Id, out var loinc) && loinc.Items.ContainsKey(item.Id) && loinc.Answers.TryGetValue(value, out var answer)
            ? new Coding(Loinc.System, answer.Code, answer.Display)
            : new Coding(OwnSystem, $"answer-{instrument.Id}-{item.Id}-{value.ToString(CultureInfo.InvariantCulture)}", label);
    }

    /// <summary>A computer-friendly name (FHIR's que-0: starts with a capital letter, letters, digits and underscores only).</summary>
    private static string Name(string id) =>
        "Outcomes_" + new string(id.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
