using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>Listens to one instrument of the fixture's engine only (its meter factory's scope), not of other engines in the test process.</summary>
public static class EngineMeterListener
{
    public static MeterListener Listen<T>(IServiceProvider engine, string meterName, string instrumentName, MeasurementCallback<T> onMeasurement)
        where T : struct
    {
        var scope = engine.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument.Meter.Name == meterName && ReferenceEquals(instrument.Meter.Scope, scope) && instrument.Name == instrumentName)
                {
                    meterListener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback(onMeasurement);
        listener.Start();
        return listener;
    }
}
