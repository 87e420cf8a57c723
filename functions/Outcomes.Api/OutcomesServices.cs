using Azure.Core.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Core.Email;
using Outcomes.Core.Instruments;
using Outcomes.Email;
using Outcomes.Core.Practice;
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
        services.AddSingleton(new PracticeSettings
        {
            ClinicName = configuration["Outcomes:ClinicName"] is { Length: > 0 } clinic ? clinic : "Outcomes",
            SendingHour = int.TryParse(configuration["Outcomes:SendingHour"], out var hour) && hour is >= 0 and <= 23 ? hour : 18,
        });
        services.AddSingleton<TableSchedule>();
        services.AddSingleton<ISchedule>(sp => sp.GetRequiredService<TableSchedule>());
        services.AddSingleton<InvitationRun>();
        services.AddSingleton(configuration.GetSection("Outcomes").Get<ApiSettings>() ?? new ApiSettings());
        services.AddSingleton(TimeProvider.System);

        var email = configuration.GetSection("Outcomes:Email").Get<EmailSettings>() ?? new EmailSettings();
        services.AddSingleton(email);
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

        services.AddSingleton<PracticeAdministration>();
        services.AddSingleton<AnswerSubmission>();
        services.AddSingleton<ResponseScoring>();
        services.AddSingleton<ClientOutcomes>();
        services.AddSingleton<AdminApi>();
        services.AddSingleton<QuestionnaireApi>();
        services.AddSingleton<QuestionnairePage>();
        return services;
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
        await services.GetRequiredService<StorageQueues>().EnsureCreatedAsync(cancellationToken);
    }
}
