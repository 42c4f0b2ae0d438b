namespace Fencepost.ConsoleWeb.Live;

/// <summary>
/// What a live source last read: the data (null when the read failed), when it was read, and the
/// error in words when it failed, so a page shows missing data as missing rather than as zero.
/// </summary>
public sealed record LiveSnapshot<T>(T? Data, DateTimeOffset ReadAt, string? Error) where T : class;
