namespace Fencepost.Engine.Persistence.Visibility;

/// <summary>
/// The type of a search attribute, as Temporal's IndexedValueType: it decides which values a run
/// may hold for it and which operators a visibility query may use on it.
/// </summary>
public enum SearchAttributeType
{
    Text = 1,
    Keyword = 2,
    Int = 3,
    Double = 4,
    Bool = 5,
    Datetime = 6,
    KeywordList = 7,
}
