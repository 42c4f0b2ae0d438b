using System.Globalization;
using Fencepost.Engine.Persistence.Errors;

namespace Fencepost.Engine.Persistence.Limits;

/// <summary>
/// A store limit said in a caller's words: what was too large and by how much, without the table
/// and column names of the store's own message (those go to the server log).
/// </summary>
public static class StoreLimitMessages
{
    public static string For(PersistenceException exception) => exception switch
    {
        TransactionLimitExceededException { Limit: "column size" or "row size" } t => Format(
            $"The request would store a single value of {t.Attempted:N0} bytes; the store holds at most {t.Allowed:N0} bytes in one value. Make its payloads smaller."),
        TransactionLimitExceededException { Limit: "rows per transaction" } t => Format(
            $"The request would write {t.Attempted:N0} records at once; the store takes at most {t.Allowed:N0} in one write. Split the work."),
        TransactionLimitExceededException { Limit: "bytes per transaction" } t => Format(
            $"The request would write {t.Attempted:N0} bytes at once; the store takes at most {t.Allowed:N0} in one write. Make its payloads smaller or split the work."),
        TransactionLimitExceededException t => Format($"The request exceeds the store's {t.Limit} limit ({t.Attempted:N0} > {t.Allowed:N0})."),
        _ => "The request exceeds a limit of the store; make its payloads smaller or split the work.",
    };

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
