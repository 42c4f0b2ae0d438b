using Fencepost.Engine.Persistence.Model;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Configuration.Dynamic;

/// <summary>
/// An immutable view of every stored value. Each value is parsed once, on first lookup, into its
/// key's type and kept beside the row, so a lookup costs one dictionary read.
/// </summary>
internal sealed class DynamicConfigSnapshot
{
    private readonly Dictionary<(string Key, string Scope, string ScopeValue), Slot> _slots;

    private DynamicConfigSnapshot(Dictionary<(string Key, string Scope, string ScopeValue), Slot> slots) => _slots = slots;

    public static DynamicConfigSnapshot Empty { get; } = new(new());

    public IReadOnlyCollection<DynamicConfigEntry> Entries => _slots.Values.Select(s => s.Entry).ToList();

    public static DynamicConfigSnapshot From(IEnumerable<DynamicConfigEntry> rows) =>
        new(rows.ToDictionary(r => (r.Key, r.Scope, r.ScopeValue), r => new Slot(r)));

    public DynamicConfigEntry? Find(string key, string scope, string scopeValue) =>
        _slots.TryGetValue((key, scope, scopeValue), out var slot) ? slot.Entry : null;

    public DynamicConfigSnapshot With(DynamicConfigEntry entry)
    {
        var copy = new Dictionary<(string Key, string Scope, string ScopeValue), Slot>(_slots);
        var id = (entry.Key, entry.Scope, entry.ScopeValue);
        // A refresh may already hold a newer row than the one this write returned.
        if (!copy.TryGetValue(id, out var existing) || existing.Entry.Version < entry.Version)
        {
            copy[id] = new Slot(entry);
        }
        return new DynamicConfigSnapshot(copy);
    }

    public DynamicConfigSnapshot Without(string key, string scope, string scopeValue)
    {
        var copy = new Dictionary<(string Key, string Scope, string ScopeValue), Slot>(_slots);
        copy.Remove((key, scope, scopeValue));
        return new DynamicConfigSnapshot(copy);
    }

    public bool SameVersionsAs(DynamicConfigSnapshot other) =>
        _slots.Count == other._slots.Count
        && _slots.All(pair => other._slots.TryGetValue(pair.Key, out var slot) && slot.Entry.Version == pair.Value.Entry.Version
            && slot.Entry.ValueJson == pair.Value.Entry.ValueJson);

    public bool TryGet<T>(DynamicConfigKey<T> key, string scope, string scopeValue, ILogger logger, out T value)
    {
        if (_slots.TryGetValue((key.Name, scope, scopeValue), out var slot) && slot.TryValue(key, logger, out value))
        {
            return true;
        }
        value = default!;
        return false;
    }

    private sealed class Slot(DynamicConfigEntry entry)
    {
        // Written at most once per slot by whichever lookup parses first; a second parse is harmless.
        private object? _parsed;
        private bool _invalid;

        public DynamicConfigEntry Entry { get; } = entry;

        public bool TryValue<T>(DynamicConfigKey<T> key, ILogger logger, out T value)
        {
            if (Volatile.Read(ref _parsed) is T cached)
            {
                value = cached;
                return true;
            }
            value = default!;
            if (_invalid)
            {
                return false;
            }
            try
            {
                var parsed = key.Parse(Entry.ValueJson);
                if (key.Validate(Entry.ValueJson) is { } problem)
                {
                    throw new FormatException(problem);
                }
                Volatile.Write(ref _parsed, parsed);
                value = parsed;
                return true;
            }
            catch (FormatException ex)
            {
                // Logged once per stored row: the value stays invalid until someone changes it.
                _invalid = true;
                DynamicConfigLog.InvalidStoredValue(logger, key.Name, Entry.Scope, Entry.ScopeValue, ex);
                return false;
            }
        }
    }
}
