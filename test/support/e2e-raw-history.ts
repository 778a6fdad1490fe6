// What anyone with access to the Temporal server reads of an order without the payload codec:
// `temporal workflow show -o json`, the way an operator (or an attacker with the CLI) would.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface RawHistory {
  /** The CLI's JSON, as printed. */
  json: string;
  /** Every payload's data, base64-decoded, as text (binary shows as mojibake). */
  payloadTexts: string[];
  /** The `encoding` metadata of every payload. */
  encodings: string[];
  /** The `encryption-key-id` metadata of the encrypted payloads. */
  keyIds: string[];
}

export async function rawHistory(address: string, workflowId: string): Promise<RawHistory> {
  const cli = process.env.TEMPORAL_CLI_PATH;
  if (!cli) throw new Error('TEMPORAL_CLI_PATH is unset: global setup resolves the Temporal CLI');
  const { stdout } = await promisify(execFile)(
    cli,
    ['workflow', 'show', '--address', address, '--workflow-id', workflowId, '--output', 'json'],
    { maxBuffer: 64 << 20 },
  );
  const payloads: { metadata?: Record<string, string>; data?: string }[] = [];
  collectPayloads(JSON.parse(stdout), payloads);
  const text = (base64: string | undefined) => Buffer.from(base64 ?? '', 'base64').toString('utf8');
  return {
    json: stdout,
    payloadTexts: payloads.map((payload) => text(payload.data)),
    encodings: payloads.map((payload) => text(payload.metadata?.encoding)),
    keyIds: payloads
      .map((payload) => payload.metadata?.['encryption-key-id'])
      .filter((id) => id !== undefined)
      .map(text),
  };
}

/** Anything shaped like a payload: an object with `metadata.encoding`. */
function collectPayloads(node: unknown, into: { metadata?: Record<string, string> }[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectPayloads(item, into);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  const metadata = record.metadata as Record<string, unknown> | undefined;
  if (typeof metadata === 'object' && typeof metadata.encoding === 'string') {
    into.push(record);
  }
  for (const value of Object.values(record)) collectPayloads(value, into);
}
