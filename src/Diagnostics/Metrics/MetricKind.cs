namespace Fencepost.Diagnostics.Metrics;

/// <summary>How an instrument's values combine, which decides how they are exported and charted.</summary>
public enum MetricKind
{
    /// <summary>A monotonic total (Counter, ObservableCounter): exported as _total, charted as a rate.</summary>
    Counter,

    /// <summary>A total that can go down (UpDownCounter, ObservableUpDownCounter): exported and charted as a value.</summary>
    UpDownCounter,

    /// <summary>A current value (Gauge, ObservableGauge).</summary>
    Gauge,

    /// <summary>A distribution of recorded values.</summary>
    Histogram,
}
