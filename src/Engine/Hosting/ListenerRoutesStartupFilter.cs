using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Fencepost.Engine.Hosting;

/// <summary>Puts <see cref="ListenerRoutes"/>' filter first in the pipeline, whatever order the host maps things in.</summary>
internal sealed class ListenerRoutesStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(ListenerRoutes.FilterAsync);
        next(app);
    };
}
