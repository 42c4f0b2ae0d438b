// The whole TypeScript suite in one process, so the bundle and the main worker are made once:
// every file under cases/ registers one describe named after itself.
// `node --test-reporter=spec dist/run.js` runs it by hand (the .NET fixture adds its JSON reporter).
// FENCEPOST_TS_CASES=activities,search-attributes runs only those files, while working on them.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { shutdownAll } from './harness';

const only = process.env.FENCEPOST_TS_CASES?.split(',').map((name) => `${name.trim()}.test.js`);
const cases = path.join(__dirname, 'cases');
for (const file of readdirSync(cases).filter((name) => name.endsWith('.test.js') && (!only || only.includes(name))).sort()) {
  require(path.join(cases, file));
}

after(shutdownAll);
