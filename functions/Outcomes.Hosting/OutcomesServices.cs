using Azure.Core.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outcomes.Api;
using Outcomes.Clinical.Instruments;
using Outcomes.Email;
using Outcomes.Email.Charts;
using Outcomes.Api.Portal;
using Outcomes.Hosting.Settings;
using Outcomes.Hosting.SignIn;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Digests;
using Outcomes.Practice.Email;
using Outcomes.Practice.Data;
using Outcomes.Practice.Learning;
using Outcomes.Storage;
using Outcomes.Views;

namespace Outcomes.Hosting;

/// <summary>
/// The composition root both hosts use: settings bound and validated at start, the storage and
/// email adapters, the practice's services and the HTTP handlers, each registered once.
/// </summary>
public static class OutcomesServices
{
    public static IServiceCollection AddOutcomes(this IServiceCollection services, IConfiguration configuration, params HttpPipelinePolicy[] storagePolicies)
    {
        services.AddOptions<OutcomesOptions>().BindConfiguration(OutcomesOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutcomesOptions>, OutcomesOptionsValidation>();
        services.AddOptions<EmailSettings>().BindConfiguration("Outcomes:Email").ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailSettings>, EmailSettingsValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<OutcomesOptions>>().Value.ToPracticeSettings());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EmailSettings>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<OutcomesOptions>>().Value.Catalog());
        services.AddSingleton(sp => new PublicLinks(() => sp.GetRequiredService<IOptions<OutcomesOptions>>().Value.PublicBaseUrl
            ?? throw new InvalidOperationException("Outcomes:PublicBaseUrl is not set; links in emails need it.")));
        services.AddSingleton(TimeProvider.System);

        // Storage: a connection string (Azurite), or a service URI with the managed identity (Azure).
        services.AddOutcomesStorage(
            Connection(configuration, StorageClients.TablesSetting, "tableServiceUri"),
            Connection(configuration, StorageClients.QueuesSetting, "queueServiceUri"),
            storagePolicies);

        // Email: the sender the settings name, paced on the bulk lane.
        services.AddOutcomesEmail();

        // The practice.
        services.AddSingleton<PracticeHealth>();
        services.AddSingleton<EmailDelivery>();
        services.AddSingleton<PracticeAdministration>();
        services.AddSingleton<AnswerSubmission>();
        services.AddSingleton<ClientSummaries>();
        services.AddSingleton<ResponseScoring>();
        services.AddSingleton<ClientOutcomes>();
        services.AddSingleton<InvitationRun>();
        services.AddSingleton<RiskAlerts>();
        services.AddSingleton<WarningReviews>();
        services.AddSingleton<ProgressPages>();
        services.AddSingleton<MilestoneEmails>();
        services.AddSingleton<EscalationRun>();
        services.AddSingleton<WarningSignRun>();
        services.AddSingleton<DigestRun>();
        services.AddSingleton<CaseloadView>();
        services.AddSingleton<ExpectedRecoveryLearning>();
        services.AddHostedService<Learning.ExpectedRecoveryRefresh>();

        // Data in and out.
        services.AddSingleton<CaseloadImport>();
        services.AddSingleton<AnalysisExport>();
        services.AddSingleton<HealthRecordExport>();
        services.AddSingleton<SubjectAccess>();
        services.AddSingleton<ClientErasure>();

        // What people read: pages and emails.
        services.AddOutcomesViews();

        // HTTP.
        services.AddSingleton<HtmlPage>();
        services.AddSingleton<AdminApi>();
        services.AddSingleton<DataApi>();
        services.AddSingleton<QuestionnaireApi>();
        services.AddSingleton<QuestionnairePage>();
        services.AddSingleton<ProgressLinkPage>();
        services.AddSingleton<TherapistPages>();
        services.AddSingleton<HomePage>();

        // The portal: sign-in, sessions and its pages.
        services.AddPortalSignIn();
        services.AddSingleton<Forwarding.FrontEnd>();
        services.AddSingleton(sp => PortalSettingsOf(sp.GetRequiredService<IOptions<SignInOptions>>().Value));
        services.AddSingleton<KeptForm>();
        services.AddSingleton<IssuedLinks>();
        services.AddSingleton<CaseloadChanges>();
        services.AddSingleton<PortalRequests>();
        services.AddSingleton<PortalPages>();
        services.AddSingleton<AdminPages>();
        services.AddSingleton<AdminDataPages>();
        return services;
    }

    private static PortalSettings PortalSettingsOf(SignInOptions signIn) =>
        new(signIn.Configured, signIn.Configured && Uri.TryCreate(signIn.Authority, UriKind.Absolute, out var authority) && authority.Scheme == Uri.UriSchemeHttps
            ? authority.GetLeftPart(UriPartial.Authority)
            : null);

    /// <summary>For a host whose timers and queues write links with no request to take an address from: start-up stops without one.</summary>
    public static IServiceCollection RequirePublicBaseUrl(this IServiceCollection services)
    {
        services.AddOptions<OutcomesOptions>().Validate(
            options => !string.IsNullOrWhiteSpace(options.PublicBaseUrl),
            "Outcomes:PublicBaseUrl is not set; links in emails need the app's public address.");
        return services;
    }

    /// <summary>A connection string in the setting itself, or a service URI in <c>setting__uriName</c> (then managed identity).</summary>
    public static string Connection(IConfiguration configuration, string setting, string uriName) =>
        configuration[setting] is { Length: > 0 } connection ? connection
        : configuration[$"{setting}:{uriName}"] is { Length: > 0 } uri ? uri
        : throw new InvalidOperationException($"Set {setting} to a storage connection string, or {setting}__{uriName} to the service's URI.");

    /// <summary>Creates the tables and queues if they are missing (Azure's are created by the deployment).</summary>
    public static Task EnsureStorageAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.EnsureStorageAsync(cancellationToken);
}
