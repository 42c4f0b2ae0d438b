using Xunit.Abstractions;

namespace Fencepost.Engine.TypeScriptSdk.Tests;

/// <summary>The TypeScript suites on PostgreSQL.</summary>
[Collection(TypeScriptRuns.Name)]
public sealed class PostgresStoreTypeScriptTests(PostgresStoreRunFixture run, ITestOutputHelper output) : TypeScriptSuiteTests(run, output), IClassFixture<PostgresStoreRunFixture>;
