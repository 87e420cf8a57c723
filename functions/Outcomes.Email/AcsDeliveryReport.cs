using System.Text.Json;
using Outcomes.Practice.Email;

namespace Outcomes.Email;

/// <summary>
/// Azure Communication Services' delivery report as Event Grid puts it on the <c>email-reports</c>
/// queue: one event in the Event Grid schema, of type
/// <c>Microsoft.Communication.EmailDeliveryReportReceived</c>, whose <c>data.messageId</c> is the
/// operation id the email was sent with. Only the status and the id are read: the report also
/// names the recipient, which goes no further.
/// </summary>
public static class AcsDeliveryReport
{
    public const string EventType = "Microsoft.Communication.EmailDeliveryReportReceived";

    /// <summary>The report in a queue message; null for any other event (a subscription may carry others).</summary>
    /// <exception cref="JsonException">The message is not an Event Grid event of this kind with an operation id and a status.</exception>
    public static EmailDeliveryReport? Read(string message)
    {
        using var document = JsonDocument.Parse(message);
        var root = document.RootElement;
        var e = root.ValueKind == JsonValueKind.Array && root.GetArrayLength() == 1 ? root[0] : root;
        if (e.ValueKind != JsonValueKind.Object || Property(e, "eventType")?.GetString() != EventType)
        {
            return null;
        }

        var data = Property(e, "data") ?? throw new JsonException("The delivery report has no data.");
        if (!Guid.TryParse(Property(data, "messageId")?.GetString(), out var operationId))
        {
            throw new JsonException("The delivery report names no operation id (data.messageId).");
        }

        var status = Property(data, "status")?.GetString() ?? throw new JsonException("The delivery report has no status.");
        var at = Property(data, "deliveryAttemptTimeStamp") is { ValueKind: JsonValueKind.String } stamp && stamp.TryGetDateTimeOffset(out var attempt)
            ? attempt
            : Property(e, "eventTime")?.GetDateTimeOffset() ?? throw new JsonException("The delivery report has no time.");

        // Any status but Delivered counts as failed (the schema's words); one this version does not know is Failed.
        return new EmailDeliveryReport(operationId, Enum.TryParse<DeliveryStatus>(status, ignoreCase: true, out var known) && known != DeliveryStatus.Unreported ? known : DeliveryStatus.Failed, at);
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
