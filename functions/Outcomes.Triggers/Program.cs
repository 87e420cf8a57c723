using Outcomes.Hosting.Endpoints;
using Outcomes.Triggers;

// Usage: Outcomes.Triggers <output.cs>. Rewrites the file only when its text changes, so an
// unchanged table leaves the Functions app's compilation up to date.
if (args.Length != 1)
{
    Console.Error.WriteLine("Usage: Outcomes.Triggers <output.cs>");
    return 2;
}

var source = TriggerSource.Write(OutcomesEndpoints.Http, OutcomesEndpoints.Queues, OutcomesEndpoints.Timers);
var output = Path.GetFullPath(args[0]);
if (!File.Exists(output) || File.ReadAllText(output) != source)
{
    Directory.CreateDirectory(Path.GetDirectoryName(output)!);
    File.WriteAllText(output, source);
}

return 0;
