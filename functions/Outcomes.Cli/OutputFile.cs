using System.Globalization;
using System.Text;

namespace Outcomes.Cli;

/// <summary>Writes the result CSV only once everything succeeded: to standard output, or to a file replaced in one step.</summary>
internal static class OutputFile
{
    public static void Write(string? path, TextWriter standardOutput, Action<TextWriter> write)
    {
        if (path is null)
        {
            write(standardOutput);
            standardOutput.Flush();
            return;
        }

        var full = System.IO.Path.GetFullPath(path);
        var temporary = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!, $".{System.IO.Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                write(writer);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new InputException($"{path}: cannot write the output: {ex.Message}");
        }
    }

    /// <summary>
    /// A number as R writes it to a CSV: 15 significant digits, so that 12.1 − 5.3 reads 6.8 and not
    /// 6.799999999999999; never "-0".
    /// </summary>
    public static string Number(double value) => value == 0 ? "0" : value.ToString("G15", CultureInfo.InvariantCulture);
}
