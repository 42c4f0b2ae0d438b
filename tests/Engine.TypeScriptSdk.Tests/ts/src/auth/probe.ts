// Connects to an engine with auth and mutual TLS on, as an application would with
// @temporalio/client: an API key plus a client certificate. Each probe prints what happened; the
// .NET test (TypeScriptAuthTests) asserts on that JSON. Not a case of the main suite: no worker.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, Connection, TLSConfig } from '@temporalio/client';

const address = required('FENCEPOST_ADDRESS');
const caPem = readFileSync(required('FENCEPOST_CA_FILE'));
const clientCert = readFileSync(required('FENCEPOST_CLIENT_CERT_FILE'));
const clientKey = readFileSync(required('FENCEPOST_CLIENT_KEY_FILE'));
const writerKey = required('FENCEPOST_WRITER_KEY');
const readerKey = required('FENCEPOST_READER_KEY');

/** What one probe saw: ok with what it read back, or the gRPC status code and message it failed with. */
interface Outcome {
  ok: boolean;
  code?: number;
  message?: string;
  status?: string;
  workflowType?: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

function tls(withClientCertificate: boolean): TLSConfig {
  return {
    serverNameOverride: 'localhost',
    serverRootCACertificate: caPem,
    clientCertPair: withClientCertificate ? { crt: clientCert, key: clientKey } : undefined,
  };
}

/** Connection.connect checks the connection with GetSystemInfo; a refusal there arrives as a ServiceError whose cause has the code. */
function failure(err: unknown): Outcome {
  const e = err as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const code = typeof e.code === 'number' ? e.code : typeof e.cause?.code === 'number' ? e.cause.code : undefined;
  const message = [e.message, e.cause?.message].filter((m) => typeof m === 'string').join(' / ');
  return { ok: false, code, message };
}

async function withClient<T>(apiKey: string, withClientCertificate: boolean, use: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address, apiKey, tls: tls(withClientCertificate), connectTimeout: '5s' });
  try {
    return await use(new Client({ connection, namespace: 'default' }));
  } finally {
    await connection.close();
  }
}

async function probe(run: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await run();
  } catch (err) {
    return failure(err);
  }
}

/** The writer's key with the client certificate: start a workflow (no worker needed), describe it, terminate it. */
const writerStartsAndDescribes = () =>
  probe(() =>
    withClient(writerKey, true, async (client) => {
      const handle = await client.workflow.start('authProbe', { taskQueue: `ts-auth-${randomUUID()}`, workflowId: `ts-auth-${randomUUID()}` });
      const description = await handle.describe();
      await handle.terminate('auth probe done');
      return { ok: true, status: description.status.name, workflowType: description.type };
    }),
  );

const wrongKey = () => probe(() => withClient(`${writerKey}-wrong`, true, async () => ({ ok: true })));

/** The reader's key gets through the connection check, then may not start a workflow. */
const readerStarts = () =>
  probe(() =>
    withClient(readerKey, true, async (client) => {
      await client.workflow.start('authProbe', { taskQueue: `ts-auth-${randomUUID()}`, workflowId: `ts-auth-${randomUUID()}` });
      return { ok: true };
    }),
  );

/** The writer's key, trusting the CA, but with no client certificate: the TLS handshake is refused. */
const noClientCertificate = () => probe(() => withClient(writerKey, false, async () => ({ ok: true })));

async function main(): Promise<void> {
  const results = {
    writer: await writerStartsAndDescribes(),
    wrongKey: await wrongKey(),
    reader: await readerStarts(),
    noClientCertificate: await noClientCertificate(),
  };
  process.stdout.write(`FENCEPOST_AUTH_RESULTS ${JSON.stringify(results)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
