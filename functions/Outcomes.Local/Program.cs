using Outcomes.Local;

// `dotnet run --project functions/Outcomes.Local -- [--demo] [--verbose] [--urls http://127.0.0.1:5000]`
var run = LocalRun.From(args, Environment.GetEnvironmentVariables(), Environment.CurrentDirectory);
run.EmptyOwnEmailFolder();

// The demo is seeded before any timer runs: a digest run half-way through would tell of an empty caseload.
var seeding = new TaskCompletionSource();
await using var host = await LocalHost.StartAsync(run.HostArgs, Console.Out, CancellationToken.None, new LocalHostOptions
{
    ConsoleLevel = run.Verbose ? LogLevel.Information : LogLevel.Warning,
    TimersStartAfter = run.Demo ? seeding.Task : null,
});
var stopping = host.App.Lifetime.ApplicationStopping; // Ctrl+C or SIGTERM

// Everything a person needs, together and last, once the practice is ready.
var lines = new List<string>();
if (run.Demo)
{
    DemoPractice.Seeded seeded;
    try
    {
        seeded = await DemoPractice.SeedAsync(host.App.Services, stopping);
    }
    finally
    {
        seeding.TrySetResult();
    }

    lines.Add($"Portal:          {host.BaseUrl}/portal");
    if (host.SignIn is { } signIn)
    {
        lines.Add($"Sign in as:      {DemoPractice.Seeded.TherapistEmail} (therapist), password {signIn.Password}; or {Outcomes.Local.SignIn.LocalIdentityProvider.AdminEmail} (admin), password {signIn.AdminPassword}");
    }

    lines.Add($"Questionnaire:   {host.BaseUrl}/q/{seeded.QuestionnaireToken}");
    lines.Add($"Client's progress: {seeded.ProgressLink} (A-101's own page, as their latest check-in's link opens it; press the button)");
    lines.Add($"Submit answers:  POST {host.BaseUrl}/api/q/{seeded.QuestionnaireToken} (no key: the link is the key)");
    lines.Add($"Outcomes JSON:   {host.BaseUrl}/api/admin/clients/{seeded.RecoveringClientId}/outcomes (needs the admin key)");
    lines.Add($"Export CSV:      {host.BaseUrl}/api/admin/export/phq9.csv?layout=wide&ids=code&therapist={seeded.TherapistId} (needs the admin key)");
    lines.Add($"Digest again:    POST {host.BaseUrl}/api/admin/digests/run (needs the admin key)");
    // README's curl examples read these variables; pasting the line into a shell sets them.
    lines.Add($"For README's curl: export SUBMIT_URL='{host.BaseUrl}/api/q/{seeded.QuestionnaireToken}' OUTCOMES_URL='{host.BaseUrl}/api/admin/clients/{seeded.RecoveringClientId}/outcomes' ADMIN_KEY='{host.AdminKey}'");
    lines.Add("Therapist's emails: a risk alert for B-202, the hourly emails of ten weeks (warning signs for B-202 and C-303, good news for A-101, each as it was noticed), the weekly digest; A-101's invitation and milestone emails.");
}

lines.Add($"Home:            {host.BaseUrl}/");
lines.Add($"API description: {host.BaseUrl}/api/openapi.json");
lines.Add($"Admin key:       {host.AdminKey} (send it as the {LocalHost.AdminKeyHeader} header; a browser cannot, so /api/admin links answer 401 there)");
if (host.Services.GetService(typeof(Outcomes.Practice.Email.IEmailSender)) is Outcomes.Email.FolderEmailSender folder)
{
    lines.Add($"Emails:          {folder.Folder} (one .eml file per email{(run.OwnEmailFolder is null ? "" : ", this run's only")})");
}

lines.Add($"Outcomes is running at {host.BaseUrl} (storage: {(host.Azurite is null ? "as configured" : "Azurite, in memory")}). Ctrl+C stops it.");
Console.WriteLine();
foreach (var line in lines)
{
    Console.WriteLine(line);
}

await host.App.WaitForShutdownAsync(CancellationToken.None);
Console.WriteLine("Stopped; Azurite stops with it.");
