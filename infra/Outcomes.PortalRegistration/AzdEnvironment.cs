using System.Diagnostics;

namespace Outcomes.PortalRegistration;

/// <summary>The azd environment: read from the variables azd gives its hooks, written with <c>azd env set</c>.</summary>
internal interface IAzdEnvironment
{
    string? Get(string name);

    Task SetAsync(string name, string value, CancellationToken cancellationToken);
}

internal sealed class AzdCommandEnvironment : IAzdEnvironment
{
    public string? Get(string name) => Environment.GetEnvironmentVariable(name);

    public async Task SetAsync(string name, string value, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("azd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "env", "set", name, value })
        {
            start.ArgumentList.Add(argument);
        }

        using var azd = Process.Start(start) ?? throw new InvalidOperationException("azd could not be started.");
        var error = await azd.StandardError.ReadToEndAsync(cancellationToken);
        await azd.WaitForExitAsync(cancellationToken);
        if (azd.ExitCode != 0)
        {
            throw new InvalidOperationException($"azd env set {name} failed: {error.Trim()}");
        }

        Environment.SetEnvironmentVariable(name, value);
    }
}
