namespace Fencepost.Engine.Hosting;

/// <summary>The "Fencepost" configuration section.</summary>
public sealed class FencepostOptions
{
    public const string SectionName = "Fencepost";

    public StoreOptions Store { get; set; } = new();
    public HistoryOptions History { get; set; } = new();
    public FrontendOptions Frontend { get; set; } = new();

    public sealed class StoreOptions
    {
        /// <summary>"embedded" (default) or "postgres".</summary>
        public string Kind { get; set; } = "embedded";
        public string? ConnectionString { get; set; }
        /// <summary>"PostgreSql" or "Dsql".</summary>
        public string Target { get; set; } = "PostgreSql";
    }

    public sealed class HistoryOptions
    {
        /// <summary>Shards of a fresh cluster; the stored cluster metadata wins afterwards.</summary>
        public int ShardCount { get; set; } = 4;
    }

    public sealed class FrontendOptions
    {
        /// <summary>0 picks a free port.</summary>
        public int Port { get; set; } = 7233;
        public string Address { get; set; } = "127.0.0.1";

        /// <summary>TLS (and mutual TLS) for the SDKs' port; off by default.</summary>
        public Security.Tls.TlsListenerOptions Tls { get; set; } = new();

        /// <summary>
        /// Request bytes the node reads into memory at once, over every connection (see
        /// <see cref="RequestByteBudget"/>): 256 MiB by default, at least one largest request.
        /// </summary>
        public long MaxBufferedRequestBytes { get; set; } = RequestByteBudget.DefaultCapacity;
    }
}
