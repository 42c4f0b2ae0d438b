using Xunit.Abstractions;

namespace Fencepost.Engine.TypeScriptSdk.Tests;

/// <summary>The TypeScript suites on the embedded store.</summary>
[Collection(TypeScriptRuns.Name)]
public sealed class EmbeddedStoreTypeScriptTests(EmbeddedStoreRunFixture run, ITestOutputHelper output) : TypeScriptSuiteTests(run, output), IClassFixture<EmbeddedStoreRunFixture>;
