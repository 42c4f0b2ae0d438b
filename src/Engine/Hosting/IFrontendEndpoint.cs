namespace Fencepost.Engine.Hosting;

/// <summary>Where the Temporal frontend listens, known once the server has started (port 0 picks a free one).</summary>
public interface IFrontendEndpoint
{
    /// <summary>http://address:port of the frontend; throws before the server started.</summary>
    Uri Address { get; }

    /// <summary>host:port, the form Temporal clients take as a target.</summary>
    string Target { get; }

    /// <summary>Completes with the address once the server is listening.</summary>
    Task<Uri> WhenReady { get; }
}
