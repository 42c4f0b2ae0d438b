using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Persistence.Model;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>One key as the Dynamic config page lists it: the key, its global value if set, and every narrower override.</summary>
public sealed record DynamicConfigRow(DynamicConfigKey Key, DynamicConfigEntry? Global, IReadOnlyList<DynamicConfigEntry> Overrides)
{
    /// <summary>The global value in effect: the stored one, else the default.</summary>
    public string EffectiveGlobalJson => Global?.ValueJson ?? Key.DefaultJson;

    public bool IsDefault => Global is null;
}
