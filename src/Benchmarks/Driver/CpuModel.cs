namespace Fencepost.Benchmarks.Driver;

/// <summary>The processor's model name (Linux /proc/cpuinfo), so a reported figure says what it ran on.</summary>
public static class CpuModel
{
    public static string? Read()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo))
        {
            return null;
        }
        foreach (var line in File.ReadLines(cpuInfo))
        {
            if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
            {
                return line[(colon + 1)..].Trim();
            }
        }
        return null;
    }
}
