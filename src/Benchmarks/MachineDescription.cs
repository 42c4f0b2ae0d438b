using System.Runtime.InteropServices;

namespace Fencepost.Benchmarks;

/// <summary>One line saying what a benchmark ran on, so numbers from different machines are not compared blindly.</summary>
public static class MachineDescription
{
    public static string Current() =>
        $"{RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.OSArchitecture}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.FrameworkDescription}";
}
