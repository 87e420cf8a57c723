using Outcomes.Practice.Email;

namespace Outcomes.Email;

/// <summary>Writes each email as an .eml file: the local default, so a newcomer can open every email.</summary>
public sealed class FolderEmailSender(EmailSettings settings, TimeProvider time) : IEmailSender
{
    public string Folder { get; } = Path.GetFullPath(settings.Folder);

    public async Task<string?> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var mime = MimeMessages.From(message, settings);
        var name = $"{time.GetUtcNow():yyyyMMdd-HHmmss}-{mime.MessageId![..12]}.eml";
        var path = Path.Combine(Folder, name);
        // Written aside, then moved into place: whoever watches the folder never opens half an email.
        var partial = Path.Combine(Folder, $".{name}.partial");
        await mime.WriteToAsync(partial, cancellationToken);
        File.Move(partial, path, overwrite: true);
        return name;
    }
}
