using System.Text.Json.Serialization;

namespace Fencepost.Engine.History.Schedules;

/// <summary>Source-generated JSON for the scheduler's own payload values.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class SchedulePayloadJsonContext : JsonSerializerContext;
