using Npgsql;
using NpgsqlTypes;

namespace Fencepost.Engine.Persistence.Postgres.Sql;

/// <summary>
/// Typed positional parameters ($1, $2, ...): no name parsing, no boxing, and an explicit type for
/// NULLs. Times are stored as timestamptz, which keeps microseconds: every time is truncated to
/// whole microseconds in UTC on the way in, so what is read back equals what was written.
/// </summary>
internal static class PostgresParameters
{
    public static NpgsqlParameter<int> Int(int value) => new() { TypedValue = value };

    public static NpgsqlParameter<long> Long(long value) => new() { TypedValue = value };

    public static NpgsqlParameter<Guid> Uuid(Guid value) => new() { TypedValue = value };

    public static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };

    public static NpgsqlParameter<byte[]> Bytes(byte[] value) => new() { TypedValue = value };

    public static NpgsqlParameter<DateTimeOffset> Time(DateTimeOffset value) => new() { TypedValue = ToMicroseconds(value) };

    public static NpgsqlParameter NullableTime(DateTimeOffset? value) => value is { } v
        ? Time(v)
        : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = DBNull.Value };

    public static NpgsqlParameter NullableText(string? value) => value is not null
        ? Text(value)
        : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value };

    public static NpgsqlParameter NullableBytes(byte[]? value) => value is not null
        ? Bytes(value)
        : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = DBNull.Value };

    public static NpgsqlParameter NullableLong(long? value) => value is { } v
        ? Long(v)
        : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = DBNull.Value };

    public static NpgsqlParameter NullableDouble(double? value) => value is { } v
        ? new NpgsqlParameter<double> { TypedValue = v }
        : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = DBNull.Value };

    public static NpgsqlParameter<double> Double(double value) => new() { TypedValue = value };

    public static NpgsqlParameter NullableUuid(Guid? value) => value is { } v
        ? Uuid(v)
        : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = DBNull.Value };

    /// <summary>UTC, truncated to the microsecond timestamptz keeps (the embedded store does the same).</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset value)
    {
        if (value == DateTimeOffset.MinValue || value == DateTimeOffset.MaxValue)
        {
            // Npgsql maps these to -infinity / infinity and back, so they round-trip as they are.
            return value;
        }
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }
}
