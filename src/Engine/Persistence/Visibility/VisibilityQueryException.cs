namespace Fencepost.Engine.Persistence.Visibility;

/// <summary>
/// A visibility query that does not parse or does not make sense (unknown field, an operator the
/// field does not support, a bad time). The message names the position and what was expected; the
/// frontend returns it as gRPC INVALID_ARGUMENT.
/// </summary>
public sealed class VisibilityQueryException : Exception
{
    public VisibilityQueryException(string query, int position, string problem)
        : base($"Invalid visibility query at position {position}: {problem}{Excerpt(query, position)}")
    {
        Query = query;
        Position = position;
        Problem = problem;
    }

    /// <summary>The query as given.</summary>
    public string Query { get; }

    /// <summary>0-based index into <see cref="Query"/> where the problem starts.</summary>
    public int Position { get; }

    /// <summary>The problem without the position prefix.</summary>
    public string Problem { get; }

    private static string Excerpt(string query, int position)
    {
        if (query.Length == 0)
        {
            return "";
        }
        var start = Math.Max(0, position - 20);
        var end = Math.Min(query.Length, position + 20);
        var before = query[start..Math.Min(position, query.Length)];
        var after = position < query.Length ? query[position..end] : "";
        return $" (near \"{(start > 0 ? "..." : "")}{before}>>>{after}{(end < query.Length ? "..." : "")}\")";
    }
}
