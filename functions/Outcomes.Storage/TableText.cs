using System.Text;
using Azure.Data.Tables;

namespace Outcomes.Storage;

/// <summary>
/// Text longer than one table property may hold (64 KiB, i.e. 32K UTF-16 characters): written
/// across <c>Name</c>, <c>Name_1</c>, <c>Name_2</c>… with their count in <c>Name_n</c> (so that a
/// merge of a shorter value never reads a longer one's stale tail), and read back whole. An entity
/// holds 1 MiB.
/// </summary>
internal static class TableText
{
    private const int Chunk = 30_000;
    private const int MaxChunks = 16;

    public static void Write(TableEntity entity, string name, string value)
    {
        var chunks = (value.Length + Chunk - 1) / Chunk;
        if (chunks > MaxChunks)
        {
            throw new ArgumentException($"{name} is {value.Length} characters; at most {Chunk * MaxChunks} fit in a table row.", nameof(value));
        }

        entity[$"{name}_n"] = Math.Max(1, chunks);
        for (var i = 0; i < Math.Max(1, chunks); i++)
        {
            entity[i == 0 ? name : $"{name}_{i}"] = value.Length == 0 ? "" : value.Substring(i * Chunk, Math.Min(Chunk, value.Length - (i * Chunk)));
        }
    }

    public static string? Read(TableEntity entity, string name)
    {
        if (entity.GetString(name) is not { } first)
        {
            return null;
        }

        var text = new StringBuilder(first);
        var chunks = entity.GetInt32($"{name}_n") ?? 1;
        for (var i = 1; i < chunks; i++)
        {
            text.Append(entity.GetString($"{name}_{i}"));
        }

        return text.ToString();
    }
}
