// A node:test reporter that writes one JSON line per test, so the .NET side can show each
// TypeScript case under its suite: {suite, test, status, durationMs, error}.
import { inspect } from 'node:util';

interface TestEvent {
  type: string;
  data: {
    name: string;
    nesting: number;
    skip?: boolean | string;
    todo?: boolean | string;
    details?: { duration_ms?: number; error?: Error & { cause?: unknown } };
  };
}

async function* reporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const path: string[] = [];
  for await (const event of source) {
    const { data } = event;
    if (event.type === 'test:start') {
      path[data.nesting] = data.name;
      path.length = data.nesting + 1;
      continue;
    }
    if (event.type !== 'test:pass' && event.type !== 'test:fail') {
      continue;
    }
    const suite = data.nesting === 0 ? data.name : path[0];
    const test = data.nesting === 0 ? null : [...path.slice(1, data.nesting), data.name].join(' > ');
    const status = event.type === 'test:fail' ? 'fail' : data.skip ? 'skip' : data.todo ? 'todo' : 'pass';
    const failure = data.details?.error;
    // node:test wraps what the test threw in ERR_TEST_FAILURE; the cause is the useful part.
    const thrown = failure && failure.cause !== undefined ? failure.cause : failure;
    yield JSON.stringify({
      suite,
      test,
      status,
      durationMs: Math.round(data.details?.duration_ms ?? 0),
      error: thrown === undefined ? null : inspect(thrown, { depth: 6 }),
    }) + '\n';
  }
}

export = reporter;
