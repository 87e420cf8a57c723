using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Outcomes.Api;
using Outcomes.Api.Contracts;
using Outcomes.Api.Portal;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Data;
using Outcomes.Practice.Digests;
using Outcomes.Practice.Email;
using Outcomes.Practice.Learning;
using Outcomes.Storage;

namespace Outcomes.Hosting.Endpoints;

/// <summary>
/// Every endpoint of Outcomes, in one table both hosts map from: the local host maps these
/// entries as they are; the Functions app's trigger classes are written from it at build time
/// (functions/Outcomes.Triggers), and a test compares the two hosts' endpoints.
/// </summary>
public static class OutcomesEndpoints
{
    /// <summary>HTTP routes (no leading slash, as the Functions host writes them).</summary>
    public static class Routes
    {
        public const string Therapists = "api/admin/therapists";
        public const string Clients = "api/admin/clients";
        public const string ClientStatus = "api/admin/clients/{id}/status";
        public const string ClientTherapist = "api/admin/clients/{id}/therapist";
        public const string ClientInvitations = "api/admin/clients/{id}/invitations";
        public const string ClientOutcomes = "api/admin/clients/{id}/outcomes";
        public const string Digests = "api/admin/digests/run";
        public const string ClientsImport = "api/admin/clients/import";
        public const string Client = "api/admin/clients/{id}";
        public const string ClientData = "api/admin/clients/{id}/data";
        public const string ClientFhir = "api/admin/clients/{id}/fhir";
        public const string ExportCsv = "api/admin/export/{instrument}.csv";
        public const string ExportFhir = "api/admin/export/fhir";
        public const string Audit = "api/admin/audit";
        public const string Answers = "api/q/{token}";
        public const string Questionnaire = "q/{token}";
        public const string RiskAlert = "a/{token}";
        public const string Progress = "p/{token}";
        public const string Portal = "portal";
        public const string PortalClient = "portal/clients/{id}";
        public const string PortalClientPrint = "portal/clients/{id}/print";
        public const string PortalAcknowledge = "portal/clients/{id}/acknowledge";
        public const string PortalOwnClients = "portal/clients";
        public const string PortalClientLink = "portal/clients/{id}/link";
        public const string PortalClientStatus = "portal/clients/{id}/status";
        public const string PortalReview = "portal/clients/{id}/review";
        public const string PortalSharing = "portal/clients/{id}/sharing";
        public const string PortalAdmin = "portal/admin";
        public const string PortalAudit = "portal/admin/audit";
        public const string PortalTherapists = "portal/admin/therapists";
        public const string PortalClients = "portal/admin/clients";
        public const string PortalAdminTherapist = "portal/admin/therapists/{id}";
        public const string PortalAdminClient = "portal/admin/clients/{id}";
        public const string PortalSessions = "portal/admin/sessions";
        public const string PortalData = "portal/admin/data";
        public const string PortalImport = "portal/admin/import";
        public const string PortalExport = "portal/admin/export";
        public const string PortalErase = "portal/admin/erase";
        public const string PortalSubjectAccess = "portal/admin/clients/{id}/data";
        public const string SignOut = "portal/sign-out";
        public const string SignInCallback = "signin-oidc";
        public const string OpenApi = OpenApiDescription.Route;

        /// <summary>The site's root: an optional segment that must be empty, the one way a Functions HTTP trigger can claim <c>/</c> (an empty route never matches there).</summary>
        public const string Home = "{root:maxlength(0)?}";
    }

    /// <summary>Timer schedule settings and their defaults, in NCRONTAB with seconds (local.settings.json and the Bicep use the same).</summary>
    public static class Schedules
    {
        public const string Invitations = "InvitationSchedule";
        public const string Escalations = "EscalationSchedule";
        public const string WarningSigns = "WarningSignSchedule";
        public const string Digests = "DigestSchedule";
        public const string EmailRedrive = "EmailRedriveSchedule";
        public const string ScoringRedrive = "ScoringRedriveSchedule";
        public const string Retention = "RetentionSchedule";
        public const string ExpectedRecovery = "ExpectedRecoverySchedule";

        /// <summary>Hourly, on the hour: invitations go out at the client's sending hour.</summary>
        public const string InvitationsDefault = "0 0 * * * *";

        /// <summary>Every 5 minutes: an unacknowledged risk alert reaches the duty contact within 5 minutes of its deadline.</summary>
        public const string EscalationsDefault = "0 */5 * * * *";

        /// <summary>Hourly at :05, after the invitations, so the two runs do not contend.</summary>
        public const string WarningSignsDefault = "0 5 * * * *";

        /// <summary>Hourly at :10: each therapist's digest in their own weekday and hour.</summary>
        public const string DigestsDefault = "0 10 * * * *";

        /// <summary>Every 10 minutes: emails whose queue message was lost, or whose provider was busy, are sent again.</summary>
        public const string EmailRedriveDefault = "0 */10 * * * *";

        /// <summary>Every 2 minutes: a stored response whose scoring request was lost is asked for again (ResponseScoring.RedriveAfter).</summary>
        public const string ScoringRedriveDefault = "0 */2 * * * *";

        /// <summary>Daily at 03:30 UTC: clients discharged longer ago than Outcomes:RetainDischargedForDays are erased (none when unset).</summary>
        public const string RetentionDefault = "0 30 3 * * *";

        /// <summary>Sundays at 02:00 UTC: expected recovery is fitted again over the clinic's completed episodes (weekly, so a clinician's reference changes rarely and by little).</summary>
        public const string ExpectedRecoveryDefault = "0 0 2 * * 0";
    }

    public static readonly IReadOnlyList<HttpEndpoint> Http =
    [
        new("EnrolTherapist", "POST", Routes.Therapists, Access.AdminKey,
            (HttpRequest request, [FromServices] AdminApi api, CancellationToken ct) => api.EnrolTherapistAsync(request, ct))
            { Describe = d => d.Body<EnrolTherapistRequest>().BadRequest().Problems(413, 415, 503) },
        new("EnrolClient", "POST", Routes.Clients, Access.AdminKey,
            (HttpRequest request, [FromServices] AdminApi api, CancellationToken ct) => api.EnrolClientAsync(request, ct))
            { Describe = d => d.Body<EnrolClientRequest>().BadRequest().Problems(409, 413, 415, 503) },
        new("SetClientStatus", "POST", Routes.ClientStatus, Access.AdminKey,
            (HttpRequest request, string id, [FromServices] AdminApi api, CancellationToken ct) => api.SetClientStatusAsync(request, id, ct))
            { Describe = d => d.Body<ClientStatusRequest>().BadRequest().Problems(404, 409, 413, 415, 503) },
        new("ReassignClient", "POST", Routes.ClientTherapist, Access.AdminKey,
            (HttpRequest request, string id, [FromServices] AdminApi api, CancellationToken ct) => api.ReassignClientAsync(request, id, ct))
            { Describe = d => d.Body<ReassignClientRequest>().BadRequest().Problems(404, 409, 413, 415, 503) },
        new("IssueInvitation", "POST", Routes.ClientInvitations, Access.AdminKey,
            (HttpRequest request, string id, [FromServices] AdminApi api, CancellationToken ct) => api.IssueInvitationAsync(request, id, ct))
            { Describe = d => d.Problems(404, 409, 503) },
        new("GetClientOutcomes", "GET", Routes.ClientOutcomes, Access.AdminKey,
            (HttpRequest request, string id, [FromServices] AdminApi api, CancellationToken ct) => api.GetOutcomesAsync(request, id, ct))
            { Describe = d => d.Problems(404, 503) },
        new("RunDigests", "POST", Routes.Digests, Access.AdminKey,
            (HttpRequest request, [FromServices] AdminApi api, CancellationToken ct) => api.RunDigestsAsync(request, ct))
            { Describe = d => d.Body<RunDigestsRequest>().BadRequest().Problems(404, 413, 415, 503) },
        new("ImportClients", "POST", Routes.ClientsImport, Access.AdminKey,
            (HttpRequest request, [FromServices] DataApi api, CancellationToken ct) => api.ImportClientsAsync(request, ct))
            { Describe = d => d.CsvBody().Produces<CellProblems>(StatusCodes.Status400BadRequest, "application/problem+json").Problems(409, 413, 415, 503) },
        new("EraseClient", "DELETE", Routes.Client, Access.AdminKey,
            (HttpRequest request, string id, [FromServices] DataApi api, CancellationToken ct) => api.EraseClientAsync(request, id, ct))
            { Describe = d => d.Problems(404, 503) },
        new("GetClientData", "GET", Routes.ClientData, Access.AdminKey,
            (HttpRequest request, string id, [FromServices] DataApi api, CancellationToken ct) => api.ClientDataAsync(request, id, ct))
            { Describe = d => d.Produces(StatusCodes.Status200OK, contentType: "text/html").Problems(404, 503) },
        new("ExportClientFhir", "GET", Routes.ClientFhir, Access.AdminKey,
            (HttpRequest request, string id, [FromServices] DataApi api, CancellationToken ct) => api.ClientFhirAsync(request, id, ct))
            { Describe = d => d.Produces(StatusCodes.Status200OK, contentType: DataApi.FhirJson).Problems(404, 503) },
        new("ExportScores", "GET", Routes.ExportCsv, Access.AdminKey,
            (HttpRequest request, string instrument, [FromServices] DataApi api, CancellationToken ct) => api.ExportCsvAsync(request, instrument, ct))
            { Describe = d => d.Produces(StatusCodes.Status200OK, contentType: "text/csv").BadRequest().Problems(404, 503) },
        new("ExportPracticeFhir", "GET", Routes.ExportFhir, Access.AdminKey,
            (HttpRequest request, [FromServices] DataApi api, CancellationToken ct) => api.PracticeFhirAsync(request, ct))
            { Describe = d => d.Produces(StatusCodes.Status200OK, contentType: DataApi.FhirNdjson).Problems(503) },
        new("ReadAudit", "GET", Routes.Audit, Access.AdminKey,
            (HttpRequest request, [FromServices] DataApi api, CancellationToken ct) => api.ReadAuditAsync(request, ct))
            { Describe = d => d.BadRequest().Problems(503) },
        new("SubmitAnswers", "POST", Routes.Answers, Access.Anonymous,
            (HttpRequest request, string token, [FromServices] QuestionnaireApi api, CancellationToken ct) => api.SubmitAsync(request, token, ct))
            { Describe = d => d.Body<SubmitAnswersRequest>().Produces<AnswerProblems>(400, "application/problem+json").Problems(404, 409, 413, 415, 503) },
        new("ShowQuestionnaire", "GET", Routes.Questionnaire, Access.Anonymous,
            (HttpRequest request, string token, [FromServices] QuestionnairePage page, CancellationToken ct) => page.ShowAsync(request, token, ct))
            { Page = true },
        new("SubmitQuestionnaire", "POST", Routes.Questionnaire, Access.Anonymous,
            (HttpRequest request, string token, [FromServices] QuestionnairePage page, CancellationToken ct) => page.SubmitAsync(request, token, ct))
            { Page = true },
        new("ShowProgress", "GET", Routes.Progress, Access.Anonymous,
            (HttpRequest request, string token, [FromServices] ProgressLinkPage page, CancellationToken ct) => page.ShowAsync(request, token, ct))
            { Page = true },
        new("AskForProgress", "POST", Routes.Progress, Access.Anonymous,
            (HttpRequest request, string token, [FromServices] ProgressLinkPage page, CancellationToken ct) => page.AskAsync(request, token, ct))
            { Page = true },
        new("ShowRiskAlert", "GET", Routes.RiskAlert, Access.Anonymous,
            (HttpRequest request, string token, [FromServices] TherapistPages pages, CancellationToken ct) => pages.ShowAlertAsync(request, token, ct))
            { Page = true },
        new("AcknowledgeRiskAlert", "POST", Routes.RiskAlert, Access.Anonymous,
            (HttpRequest request, string token, [FromServices] TherapistPages pages, CancellationToken ct) => pages.AcknowledgeAsync(request, token, ct))
            { Page = true },
        new("ShowCaseload", "GET", Routes.Portal, Access.Portal,
            (HttpRequest request, [FromServices] PortalPages pages, CancellationToken ct) => pages.ShowCaseloadAsync(request, ct))
            { Page = true },
        new("ShowClient", "GET", Routes.PortalClient, Access.Portal,
            (HttpRequest request, string id, [FromServices] PortalPages pages, CancellationToken ct) => pages.ShowClientAsync(request, id, print: false, ct))
            { Page = true },
        new("PrintClient", "GET", Routes.PortalClientPrint, Access.Portal,
            (HttpRequest request, string id, [FromServices] PortalPages pages, CancellationToken ct) => pages.ShowClientAsync(request, id, print: true, ct))
            { Page = true },
        new("AcknowledgeInPortal", "POST", Routes.PortalAcknowledge, Access.Portal,
            (HttpRequest request, string id, [FromServices] PortalPages pages, CancellationToken ct) => pages.AcknowledgeAsync(request, id, ct))
            { Page = true },
        new("AddClientInPortal", "POST", Routes.PortalOwnClients, Access.Portal,
            (HttpRequest request, [FromServices] CaseloadChanges changes, CancellationToken ct) => changes.AddClientAsync(request, ct))
            { Page = true },
        new("ShowLinkInPortal", "POST", Routes.PortalClientLink, Access.Portal,
            (HttpRequest request, string id, [FromServices] CaseloadChanges changes, CancellationToken ct) => changes.IssueLinkAsync(request, id, ct))
            { Page = true },
        new("PauseOrResumeInPortal", "POST", Routes.PortalClientStatus, Access.Portal,
            (HttpRequest request, string id, [FromServices] CaseloadChanges changes, CancellationToken ct) => changes.SetStatusAsync(request, id, ct))
            { Page = true },
        new("SetProgressSharingInPortal", "POST", Routes.PortalSharing, Access.Portal,
            (HttpRequest request, string id, [FromServices] CaseloadChanges changes, CancellationToken ct) => changes.SetSharingAsync(request, id, ct))
            { Page = true },
        new("ReviewWarningInPortal", "POST", Routes.PortalReview, Access.Portal,
            (HttpRequest request, string id, [FromServices] CaseloadChanges changes, CancellationToken ct) => changes.ReviewAsync(request, id, ct))
            { Page = true },
        new("ShowPractice", "GET", Routes.PortalAdmin, Access.Portal,
            (HttpRequest request, [FromServices] AdminPages pages, CancellationToken ct) => pages.ShowPracticeAsync(request, ct))
            { Page = true },
        new("ShowAudit", "GET", Routes.PortalAudit, Access.Portal,
            (HttpRequest request, [FromServices] AdminPages pages, CancellationToken ct) => pages.ShowAuditAsync(request, ct))
            { Page = true },
        new("EnrolTherapistInPortal", "POST", Routes.PortalTherapists, Access.Portal,
            (HttpRequest request, [FromServices] AdminPages pages, CancellationToken ct) => pages.EnrolTherapistAsync(request, ct))
            { Page = true },
        new("EnrolClientInPortal", "POST", Routes.PortalClients, Access.Portal,
            (HttpRequest request, [FromServices] AdminPages pages, CancellationToken ct) => pages.EnrolClientAsync(request, ct))
            { Page = true },
        new("ChangeTherapistInPortal", "POST", Routes.PortalAdminTherapist, Access.Portal,
            (HttpRequest request, string id, [FromServices] AdminPages pages, CancellationToken ct) => pages.ChangeTherapistAsync(request, id, ct))
            { Page = true },
        new("EndSessionsInPortal", "POST", Routes.PortalSessions, Access.Portal,
            (HttpRequest request, [FromServices] AdminPages pages, CancellationToken ct) => pages.EndSessionsAsync(request, ct))
            { Page = true },
        new("ChangeClientInPortal", "POST", Routes.PortalAdminClient, Access.Portal,
            (HttpRequest request, string id, [FromServices] AdminPages pages, CancellationToken ct) => pages.ChangeClientAsync(request, id, ct))
            { Page = true },
        new("ShowDataInPortal", "GET", Routes.PortalData, Access.Portal,
            (HttpRequest request, [FromServices] AdminDataPages pages, CancellationToken ct) => pages.ShowAsync(request, ct))
            { Page = true },
        new("ImportInPortal", "POST", Routes.PortalImport, Access.Portal,
            (HttpRequest request, [FromServices] AdminDataPages pages, CancellationToken ct) => pages.ImportAsync(request, ct))
            { Page = true },
        new("ExportInPortal", "GET", Routes.PortalExport, Access.Portal,
            (HttpRequest request, [FromServices] AdminDataPages pages, CancellationToken ct) => pages.ExportAsync(request, ct))
            { Page = true },
        new("SubjectAccessInPortal", "GET", Routes.PortalSubjectAccess, Access.Portal,
            (HttpRequest request, string id, [FromServices] AdminDataPages pages, CancellationToken ct) => pages.SubjectAccessAsync(request, id, ct))
            { Page = true },
        new("EraseInPortal", "POST", Routes.PortalErase, Access.Portal,
            (HttpRequest request, [FromServices] AdminDataPages pages, CancellationToken ct) => pages.EraseAsync(request, ct))
            { Page = true },
        new("SignOut", "POST", Routes.SignOut, Access.Portal,
            (HttpRequest request, [FromServices] PortalPages pages, CancellationToken ct) => pages.SignOutAsync(request, ct))
            { Page = true },
        new("CompleteSignIn", "GET", Routes.SignInCallback, Access.Anonymous,
            (HttpRequest request) => PortalPages.CompleteSignInAsync(request.HttpContext))
            { Page = true },
        new("ShowHome", "GET", Routes.Home, Access.Anonymous,
            (HttpRequest request, [FromServices] HomePage page) => page.ShowAsync(request))
            { Page = true },
        // Generated from the endpoints by the local host; the committed copy in the Functions app.
        new("ShowOpenApiDescription", "GET", Routes.OpenApi, Access.Anonymous, Handler: null) { Page = true },
    ];

    public static readonly IReadOnlyList<QueueEndpoint> Queues =
    [
        new("ScoreResponse", StorageQueues.Score, (services, message, ct) =>
            services.GetRequiredService<ResponseScoring>().ScoreAsync(StorageQueues.Read<ScoreRequest>(message), ct)),
        new("SendRiskAlert", StorageQueues.Alerts, (services, message, ct) =>
            services.GetRequiredService<RiskAlerts>().NotifyAsync(StorageQueues.Read<AlertRequest>(message), ct)),
        new("SendEmail", StorageQueues.Email, (services, message, ct) =>
            services.GetRequiredService<EmailDelivery>().SendAsync(StorageQueues.Read<EmailRequest>(message), ct)),
        new("SendUrgentEmail", StorageQueues.UrgentEmail, (services, message, ct) =>
            services.GetRequiredService<EmailDelivery>().SendAsync(StorageQueues.Read<EmailRequest>(message), ct)),
        new("RecordEmailDelivery", StorageQueues.EmailReports, (services, message, ct) =>
            Outcomes.Email.AcsDeliveryReport.Read(message) is { } report ? services.GetRequiredService<EmailDelivery>().RecordReportAsync(report, ct) : Task.CompletedTask),
    ];

    public static readonly IReadOnlyList<TimerEndpoint> Timers =
    [
        new("SendInvitations", Schedules.Invitations, Schedules.InvitationsDefault, (services, now, ct) =>
            services.GetRequiredService<InvitationRun>().RunAsync(now, ct)),
        new("EscalateRiskAlerts", Schedules.Escalations, Schedules.EscalationsDefault, (services, now, ct) =>
            services.GetRequiredService<EscalationRun>().RunAsync(now, ct)),
        new("SendWarningSigns", Schedules.WarningSigns, Schedules.WarningSignsDefault, (services, now, ct) =>
            services.GetRequiredService<WarningSignRun>().RunAsync(now, ct)),
        new("SendDigests", Schedules.Digests, Schedules.DigestsDefault, (services, now, ct) =>
            services.GetRequiredService<DigestRun>().RunAsync(now, ct)),
        new("RedriveEmails", Schedules.EmailRedrive, Schedules.EmailRedriveDefault, (services, now, ct) =>
            services.GetRequiredService<EmailDelivery>().RedriveAsync(now, ct)),
        new("RedriveScoring", Schedules.ScoringRedrive, Schedules.ScoringRedriveDefault, (services, now, ct) =>
            services.GetRequiredService<ResponseScoring>().RedriveAsync(now, ct)),
        new("EraseDischargedClients", Schedules.Retention, Schedules.RetentionDefault, (services, now, ct) =>
            services.GetRequiredService<ClientErasure>().EraseDischargedAsync(now, ct)),
        new("LearnExpectedRecovery", Schedules.ExpectedRecovery, Schedules.ExpectedRecoveryDefault, (services, now, ct) =>
            services.GetRequiredService<ExpectedRecoveryLearning>().LearnAsync(now, ct)),
    ];

    /// <summary>
    /// The JSON body, for the description only: routing's own content-type check (Accepts) would
    /// answer a wrong type before the handler, without problem details and unlike the Functions host.
    /// </summary>
    private static RouteHandlerBuilder Body<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken) },
                },
            });

    /// <summary>A CSV body (a caseload file), for the description.</summary>
    private static RouteHandlerBuilder CsvBody(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, context, cancellationToken) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "A caseload file: UTF-8 CSV whose header names therapist_email, display_code, client_email, instruments, cadence_days, time_zone and (optionally) first_check_in.",
                Content = new Dictionary<string, OpenApiMediaType> { ["text/csv"] = new() },
            };
            return Task.CompletedTask;
        });

    /// <summary>A 400 whose problem details list each field's problem.</summary>
    private static RouteHandlerBuilder BadRequest(this RouteHandlerBuilder builder) =>
        builder.Produces<FieldProblems>(StatusCodes.Status400BadRequest, "application/problem+json");

    private static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}
