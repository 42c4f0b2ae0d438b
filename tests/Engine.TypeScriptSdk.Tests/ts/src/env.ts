// What a run is pointed at, from the environment the .NET fixture (or a developer) sets.
import path from 'node:path';

/** The Fencepost frontend, host:port. */
export const address = process.env.FENCEPOST_ADDRESS ?? '127.0.0.1:7233';

export const namespace = process.env.FENCEPOST_NAMESPACE ?? 'default';

/** A bundle made ahead by dist/bundle.js; without one the run bundles the workflows itself. */
export const workflowBundlePath = process.env.FENCEPOST_WORKFLOW_BUNDLE;

export const workflowsPath = path.join(__dirname, 'workflows', 'index.js');
