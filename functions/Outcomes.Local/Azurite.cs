using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Outcomes.Local;

/// <summary>
/// Azurite, the official Azure Storage emulator, started on free local ports with in-memory
/// storage, installed from the repository's package.json (pinned) on first use.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    // Azurite's published development account; not a secret.
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private Azurite(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{Account};QueueEndpoint=http://127.0.0.1:{QueuePort}/{Account};TableEndpoint=http://127.0.0.1:{TablePort}/{Account};";

    /// <summary>
    /// Starts Azurite on free ports with in-memory storage, or — given a <paramref name="folder"/> —
    /// with its data on disk there and on the <paramref name="ports"/> given, so that a test can stop
    /// it and start it again with everything still in place.
    /// </summary>
    public static async Task<Azurite> StartAsync(TextWriter log, CancellationToken cancellationToken, string? folder = null, (int Blob, int Queue, int Table)? ports = null)
    {
        var root = RepositoryRoot();
        var executable = await InstallOnceAsync(root, log, cancellationToken);

        // A free port is free when asked, not when Azurite binds it: with test projects starting Azurites and
        // servers side by side, another may take it in between, and Azurite exits. Ports picked here are picked again.
        for (var attempt = 1; ; attempt++)
        {
            var (blob, queue, table) = ports ?? (FreePort(), FreePort(), FreePort());
            var azurite = new Azurite(Launch(executable, root, log, folder, blob, queue, table), blob, queue, table);
            try
            {
                await azurite.WaitUntilListeningAsync(cancellationToken);
                return azurite;
            }
            catch (AzuriteExitedException) when (ports is null && attempt < 3)
            {
                await azurite.DisposeAsync();
            }
        }
    }

    private static Process Launch(string executable, string root, TextWriter log, string? folder, int blob, int queue, int table)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     "--silent", "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry",
                     "--blobHost", "127.0.0.1", "--blobPort", $"{blob}",
                     "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
                     "--tableHost", "127.0.0.1", "--tablePort", $"{table}",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        if (folder is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(folder);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.WriteLine($"azurite: {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Installs Azurite from package.json unless it is there, once however many processes start at
    /// the same moment (test projects run in parallel): under a lock file, checked again once held,
    /// so no process runs Azurite from a half-finished install or starts a second <c>npm ci</c>.
    /// </summary>
    private static async Task<string> InstallOnceAsync(string root, TextWriter log, CancellationToken cancellationToken)
    {
        // npm writes a .cmd shim on Windows, a script elsewhere; Process.Start runs neither by the bare name.
        var executable = Path.Combine(root, "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");
        var installed = Path.Combine(root, "node_modules", ".outcomes-installed");
        using var held = await LockAsync(Path.Combine(root, ".azurite-install.lock"), cancellationToken);
        if (!File.Exists(executable) || !File.Exists(installed))
        {
            await log.WriteLineAsync($"Installing Azurite from {Path.Combine(root, "package.json")} (first run, about a minute)…");
            await RunAsync(OperatingSystem.IsWindows() ? "npm.cmd" : "npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], root, cancellationToken);
            await File.WriteAllTextAsync(installed, "npm ci completed\n", cancellationToken);
        }

        return executable;
    }

    private static async Task<FileStream> LockAsync(string path, CancellationToken cancellationToken)
    {
        for (var waited = TimeSpan.Zero; ; waited += TimeSpan.FromMilliseconds(200))
        {
            try
            {
                // The operating system releases the lock if the process dies, so a crashed install never blocks the next.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    /// <summary>The folder holding the repository's package.json (searched upward from here and from the app).</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "package.json")) && File.Exists(Path.Combine(folder.FullName, "Outcomes.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        throw new InvalidOperationException("Cannot find the Outcomes repository (package.json beside Outcomes.sln) to run Azurite from; set OutcomesTables and OutcomesQueues to use other storage.");
    }

    /// <summary>Stops Azurite the way Ctrl+C does, so that one with its data on disk saves it first.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            // No SIGINT to send a console process there; in-memory storage loses nothing by it.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return;
        }

        using (var kill = Process.Start("kill", ["-INT", $"{_process.Id}"]))
        {
            await kill.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    // Listening means Azurite answers, by name: a port probe alone can reach another process that took the
    // port first (Azurite then exits on it), and the host would start against a store that is not there.
    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (!await AnswersAsync(http, port, cancellationToken))
            {
                if (_process.HasExited)
                {
                    throw new AzuriteExitedException($"Azurite exited with code {_process.ExitCode}.");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Azurite did not answer on port {port} within 30 seconds.");
                }

                await Task.Delay(100, cancellationToken);
            }
        }

        if (_process.HasExited)
        {
            throw new AzuriteExitedException($"Azurite exited with code {_process.ExitCode}.");
        }
    }

    private static async Task<bool> AnswersAsync(HttpClient http, int port, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"), cancellationToken);
            return response.Headers.Server.Any(p => p.Product?.Name.StartsWith("Azurite", StringComparison.Ordinal) == true);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a command quietly: what it printed is shown only when it fails, with the failure.</summary>
    private static async Task RunAsync(string file, string[] arguments, string folder, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:{Environment.NewLine}{await errors}{await output}".TrimEnd());
        }
    }
}

/// <summary>Azurite ended before it listened (a port taken, a broken install): the message says its exit code.</summary>
public sealed class AzuriteExitedException(string message) : InvalidOperationException(message);
