using Fencepost.ConsoleWeb.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fencepost.ConsoleWeb.Tests.Hosting;

public class QuietRequestLoggingTests
{
    [Fact]
    public async Task AddDefaults_NothingConfigured_RequestLinesOffAndFencepostInformationOn()
    {
        var builder = WebApplication.CreateBuilder();
        QuietRequestLogging.AddDefaults(builder.Configuration);
        await using var app = builder.Build();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("Grpc.AspNetCore.Server.ServerCallHandler").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger("Fencepost.Engine.History.ShardController").IsEnabled(LogLevel.Information));
    }

    [Theory]
    [InlineData("Npgsql.Command")]
    [InlineData("Npgsql.Connection")]
    [InlineData("Npgsql.Transaction")]
    public async Task AddDefaults_NothingConfigured_NpgsqlCommandLogOffAndItsWarningsOn(string category)
    {
        var builder = WebApplication.CreateBuilder();
        QuietRequestLogging.AddDefaults(builder.Configuration);
        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public async Task AddDefaults_OperatorRaisesNpgsql_CommandsLoggedAgain()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Npgsql", "Information")]);
        QuietRequestLogging.AddDefaults(builder.Configuration);
        await using var app = builder.Build();

        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Npgsql.Command").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task AddDefaults_OperatorRaisesACategory_OperatorWins()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Microsoft.AspNetCore", "Information")]);
        QuietRequestLogging.AddDefaults(builder.Configuration);
        await using var app = builder.Build();

        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
    }
}
