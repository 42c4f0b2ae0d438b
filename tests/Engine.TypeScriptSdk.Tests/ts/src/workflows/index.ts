// Every workflow the worker registers (each exported function is one workflow type).
export * from './activities';
export * from './basics';
export * from './children';
export * from './versions';
export * from './retries';
export * from './updates';
export * from './reset';
