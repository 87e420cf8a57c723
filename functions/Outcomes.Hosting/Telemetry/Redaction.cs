using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Outcomes.Hosting.Telemetry;

/// <summary>
/// Takes link tokens out of telemetry: a questionnaire (<c>/q/</c>), acknowledge (<c>/a/</c>) or
/// caseload (<c>/t/</c>) link is a bearer credential for days, and request telemetry would carry it
/// in the URL. Every tag and log attribute that holds such a path keeps the path with the token
/// replaced by <c>{token}</c>.
/// </summary>
public static partial class Redaction
{
    public const string Placeholder = "{token}";

    /// <summary>The value with every link token replaced.</summary>
    public static string Redact(string value) => TokenPath().Replace(value, $"$1{Placeholder}");

    [GeneratedRegex(@"(/(?:api/)?[qat]/)[^/?#\s""']+", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPath();

    internal sealed class ActivityRedaction : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity activity)
        {
            activity.DisplayName = Redact(activity.DisplayName);
            foreach (var (key, value) in activity.TagObjects.ToList())
            {
                if (value is string text && Redact(text) is var redacted && redacted != text)
                {
                    activity.SetTag(key, redacted);
                }
            }
        }
    }

    internal sealed class LogRedaction : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord record)
        {
            if (record.FormattedMessage is { } message)
            {
                record.FormattedMessage = Redact(message);
            }

            if (record.Attributes is { Count: > 0 } attributes)
            {
                record.Attributes = attributes.Select(a => a.Value is string text ? new KeyValuePair<string, object?>(a.Key, Redact(text)) : a).ToList();
            }
        }
    }
}
