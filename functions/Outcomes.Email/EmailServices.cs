using Microsoft.Extensions.DependencyInjection;
using Outcomes.Email.Charts;
using Outcomes.Practice;
using Outcomes.Practice.Email;

namespace Outcomes.Email;

/// <summary>The email adapters register themselves: the sender the settings name, the bulk lane's pace, the charts' PNG.</summary>
public static class EmailServices
{
    /// <summary>Needs <see cref="EmailSettings"/> (bound and checked by the host) and a <see cref="TimeProvider"/>.</summary>
    public static IServiceCollection AddOutcomesEmail(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var email = sp.GetRequiredService<EmailSettings>();
            return new EmailPacing(email.MaxPerMinute, email.MaxPerHour);
        });
        services.AddSingleton(sp => new DeliveryWatch(sp.GetRequiredService<EmailSettings>() is { Sender: "Acs", DeliveryReports: true }));
        services.AddSingleton(sp => new EmailDomain(sp.GetRequiredService<EmailSettings>() is { Sender: "Acs", AzureManagedDomain: true }));
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<EmailSettings>() switch
        {
            { Sender: "Smtp" } email => new SmtpEmailSender(email),
            { Sender: "Acs" } email => new AcsEmailSender(email, time: sp.GetRequiredService<TimeProvider>()),
            var email => new FolderEmailSender(email, sp.GetRequiredService<TimeProvider>()),
        });
        services.AddSingleton<Practice.Charts.IChartImage, SkiaScoreChart>();
        return services;
    }
}
