// Bundles the workflow code once (webpack, a few seconds): `node dist/bundle.js <out.js>`.
// The test run reads it back through FENCEPOST_WORKFLOW_BUNDLE, so two stores' runs share one bundle.
import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from './env';

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) {
    throw new Error('usage: node dist/bundle.js <output file>');
  }
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
  await writeFile(out, code);
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
