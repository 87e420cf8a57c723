using Outcomes.Local;

// `dotnet run --project functions/Outcomes.Local -- [--demo] [--urls http://127.0.0.1:5000]`
var demo = args.Contains("--demo");
var hostArgs = args.Where(a => a != "--demo").ToArray();
using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

await using var host = await LocalHost.StartAsync(hostArgs, Console.Out, stopping.Token);
Console.WriteLine($"Outcomes is running at {host.BaseUrl} (storage: {(host.Azurite is null ? "as configured" : "Azurite, in memory")}). Ctrl+C stops it.");
Console.WriteLine($"Admin key: {host.AdminKey}");
if (demo)
{
    var seeded = await DemoPractice.SeedAsync(host.App.Services, stopping.Token);
    Console.WriteLine($"Questionnaire: {host.BaseUrl}/q/{seeded.QuestionnaireToken}");
    Console.WriteLine($"Submit answers: POST {host.BaseUrl}/api/q/{seeded.QuestionnaireToken}");
    Console.WriteLine($"Outcomes: {host.BaseUrl}/api/admin/clients/{seeded.RecoveringClientId}/outcomes");
}

try
{
    await Task.Delay(Timeout.Infinite, stopping.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine("Stopping.");
}
