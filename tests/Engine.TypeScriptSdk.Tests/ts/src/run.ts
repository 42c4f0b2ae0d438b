// The whole TypeScript suite in one process, so the bundle and the main worker are made once:
// every file under cases/ registers one describe named after itself.
// `node --test-reporter=spec dist/run.js` runs it by hand (the .NET fixture adds its JSON reporter).
// FENCEPOST_TS_SUITES=updates,signals-and-queries runs only those files.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { shutdownAll } from './harness';

const cases = path.join(__dirname, 'cases');
const only = (process.env.FENCEPOST_TS_SUITES ?? '').split(',').map((name) => name.trim()).filter((name) => name.length > 0);
const chosen = (file: string) => only.length === 0 || only.includes(file.slice(0, -'.test.js'.length));
for (const file of readdirSync(cases).filter((name) => name.endsWith('.test.js') && chosen(name)).sort()) {
  require(path.join(cases, file));
}

after(shutdownAll);
