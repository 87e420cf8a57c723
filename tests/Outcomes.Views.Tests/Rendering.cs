using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Outcomes.Clinical.Instruments;
using Outcomes.Practice;
using Outcomes.Practice.Digests;
using Outcomes.Views.Digests;
using Outcomes.Views.Emails;

namespace Outcomes.Views.Tests;

/// <summary>The real renderer and composer, as the hosts compose them.</summary>
internal static class Rendering
{
    public static HtmlRendering Html { get; } = new(NullLoggerFactory.Instance);

    public static EmailComposer Composer(PracticeSettings? settings = null, Outcomes.Practice.Charts.IChartImage? chart = null)
    {
        settings ??= new PracticeSettings();
        return new EmailComposer(Html, new DigestPresenter(InstrumentCatalog.BuiltIn, chart ?? Mock.Of<Outcomes.Practice.Charts.IChartImage>(), settings), settings);
    }
}
