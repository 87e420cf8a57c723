using Outcomes.Local;

// `dotnet run --project functions/Outcomes.Local -- [--demo] [--urls http://127.0.0.1:5000]`
var demo = args.Contains("--demo");
var hostArgs = args.Where(a => a != "--demo").ToArray();

await using var host = await LocalHost.StartAsync(hostArgs, Console.Out, CancellationToken.None);
var stopping = host.App.Lifetime.ApplicationStopping; // Ctrl+C or SIGTERM
Console.WriteLine($"Outcomes is running at {host.BaseUrl} (storage: {(host.Azurite is null ? "as configured" : "Azurite, in memory")}). Ctrl+C stops it.");
Console.WriteLine($"Admin key: {host.AdminKey}");
if (host.Services.GetService(typeof(Outcomes.Practice.Email.IEmailSender)) is Outcomes.Email.FolderEmailSender folder)
{
    Console.WriteLine($"Emails: {folder.Folder} (one .eml file per email)");
}
if (demo)
{
    var seeded = await DemoPractice.SeedAsync(host.App.Services, stopping);
    Console.WriteLine($"Questionnaire: {host.BaseUrl}/q/{seeded.QuestionnaireToken}");
    Console.WriteLine($"Submit answers: POST {host.BaseUrl}/api/q/{seeded.QuestionnaireToken}");
    Console.WriteLine($"Outcomes: {host.BaseUrl}/api/admin/clients/{seeded.RecoveringClientId}/outcomes");
    Console.WriteLine("Therapist's emails (in the Emails folder): a risk alert for B-202, the warning signs, and the weekly digest.");
    Console.WriteLine($"Send the digest again: POST {host.BaseUrl}/api/admin/digests/run (with the admin key in the {LocalHost.AdminKeyHeader} header)");
}

await host.App.WaitForShutdownAsync(CancellationToken.None);
Console.WriteLine("Stopped; Azurite stops with it.");
