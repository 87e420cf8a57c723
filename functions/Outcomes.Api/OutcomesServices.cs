using Azure.Core.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Digests;
using Outcomes.Practice.Email;
using Outcomes.Clinical.Instruments;
using Outcomes.Email;
using Outcomes.Email.Charts;
using Outcomes.Practice;
using Outcomes.Storage;

namespace Outcomes.Api;

/// <summary>The services both hosts register: storage and email adapters, the practice's services and the HTTP handlers.</summary>
public static class OutcomesServices
{
    /// <summary>Optional folder of the clinic's own instrument definitions.</summary>
    public const string InstrumentFolderSetting = "Outcomes:InstrumentFolder";

    public static IServiceCollection AddOutcomes(this IServiceCollection services, IConfiguration configuration, params HttpPipelinePolicy[] storagePolicies)
    {
        var tables = Connection(configuration, StorageClients.TablesSetting, "tableServiceUri");
        var queues = Connection(configuration, StorageClients.QueuesSetting, "queueServiceUri");
        services.AddSingleton(StorageClients.Tables(tables, storagePolicies));
        services.AddSingleton(StorageClients.Queues(queues, storagePolicies));
        services.AddSingleton<TablePracticeStore>();
        services.AddSingleton<IPracticeStore>(sp => sp.GetRequiredService<TablePracticeStore>());
        services.AddSingleton<StorageQueues>();
        services.AddSingleton<IWorkQueues>(sp => sp.GetRequiredService<StorageQueues>());

        var folder = configuration[InstrumentFolderSetting];
        services.AddSingleton(string.IsNullOrWhiteSpace(folder) ? InstrumentCatalog.BuiltIn : InstrumentCatalog.WithClinicFolder(folder));
        services.AddSingleton(Settings(configuration));
        services.AddSingleton<TableSchedule>();
        services.AddSingleton<ISchedule>(sp => sp.GetRequiredService<TableSchedule>());
        services.AddSingleton<InvitationRun>();
        services.AddSingleton(configuration.GetSection("Outcomes").Get<ApiSettings>() ?? new ApiSettings());
        services.AddSingleton(TimeProvider.System);

        var email = configuration.GetSection("Outcomes:Email").Get<EmailSettings>() ?? new EmailSettings();
        services.AddSingleton(email);
        services.AddSingleton(new EmailPacing(email.MaxPerMinute));
        services.AddSingleton<TableOutbox>();
        services.AddSingleton<IOutbox>(sp => sp.GetRequiredService<TableOutbox>());
        services.AddSingleton<IEmailSender>(sp => email.Sender switch
        {
            "Folder" => new FolderEmailSender(email, sp.GetRequiredService<TimeProvider>()),
            "Smtp" => new SmtpEmailSender(email),
            "Acs" => new AcsEmailSender(email),
            _ => throw new InvalidOperationException($"Outcomes:Email:Sender is '{email.Sender}'; it must be Folder, Smtp or Acs."),
        });
        services.AddSingleton<EmailDelivery>();
        services.AddSingleton<TableLinkKey>();
        services.AddSingleton<ILinkKey>(sp => sp.GetRequiredService<TableLinkKey>());
        services.AddSingleton<IScoreChart, SkiaScoreChart>();
        services.AddSingleton<DigestEmail>();
        services.AddSingleton<DigestRun>();
        services.AddSingleton<CaseloadView>();
        services.AddSingleton<RiskAlerts>();
        services.AddSingleton<WarningSignRun>();

        services.AddSingleton<PracticeAdministration>();
        services.AddSingleton<AnswerSubmission>();
        services.AddSingleton<ClientSummaries>();
        services.AddSingleton<ResponseScoring>();
        services.AddSingleton<ClientOutcomes>();
        services.AddSingleton<AdminApi>();
        services.AddSingleton<QuestionnaireApi>();
        services.AddSingleton<QuestionnairePage>();
        services.AddSingleton<TherapistPages>();
        return services;
    }

    /// <summary>The practice's settings from the <c>Outcomes</c> section; a value out of range is an error at start-up, not a silent default.</summary>
    public static PracticeSettings Settings(IConfiguration configuration)
    {
        var section = configuration.GetSection("Outcomes");
        var defaults = new PracticeSettings();
        return new PracticeSettings
        {
            ClinicName = section["ClinicName"] is { Length: > 0 } clinic ? clinic : defaults.ClinicName,
            SendingHour = Number(section, "SendingHour", defaults.SendingHour, 0, 23),
            EscalateAfter = TimeSpan.FromHours(Number(section, "EscalateAfterHours", defaults.EscalateAfter.TotalHours, 0.25, 72)),
            DutyContact = section["DutyContact"] is { Length: > 0 } duty ? duty : null,
            MinimalDigests = bool.TryParse(section["MinimalDigests"], out var minimal) && minimal,
        };
    }

    private static int Number(IConfigurationSection section, string name, int fallback, int min, int max) =>
        (int)Number(section, name, (double)fallback, min, max);

    private static double Number(IConfigurationSection section, string name, double fallback, double min, double max)
    {
        var text = section[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"{section.Path}:{name} is '{text}'; it must be a number from {min} to {max}.");
    }

    /// <summary>A connection string in the setting itself, or a service URI in <c>setting__uriName</c> (then managed identity).</summary>
    public static string Connection(IConfiguration configuration, string setting, string uriName) =>
        configuration[setting] is { Length: > 0 } connection ? connection
        : configuration[$"{setting}:{uriName}"] is { Length: > 0 } uri ? uri
        : throw new InvalidOperationException($"Set {setting} to a storage connection string, or {setting}__{uriName} to the service's URI.");

    /// <summary>Creates the tables and queues if they are missing (Azure's are created by the deployment).</summary>
    public static async Task EnsureStorageAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<TablePracticeStore>().EnsureCreatedAsync(cancellationToken);
        await services.GetRequiredService<TableOutbox>().EnsureCreatedAsync(cancellationToken);
        await services.GetRequiredService<TableSchedule>().EnsureCreatedAsync(cancellationToken);
        await services.GetRequiredService<TableLinkKey>().EnsureCreatedAsync(cancellationToken);
        await services.GetRequiredService<StorageQueues>().EnsureCreatedAsync(cancellationToken);
    }
}
