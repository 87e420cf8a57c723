using Microsoft.Extensions.DependencyInjection;
using Outcomes.Practice.Email;
using Outcomes.Views.Digests;
using Outcomes.Views.Emails;

namespace Outcomes.Views;

public static class ViewServices
{
    /// <summary>The renderer, the digest's presentation and the email composer.</summary>
    public static IServiceCollection AddOutcomesViews(this IServiceCollection services)
    {
        services.AddSingleton<HtmlRendering>();
        services.AddSingleton<DigestPresenter>();
        services.AddSingleton<IEmailComposer, EmailComposer>();
        return services;
    }
}
