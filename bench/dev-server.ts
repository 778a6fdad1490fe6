import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { tcpOpen, waitUntil } from '../apps/launcher/health.js';
import { loadLauncherConfig } from '../apps/launcher/launcher-env.js';
import { freePortOutside } from '../apps/launcher/launcher-ports.js';
import { DEV_SERVER_TUNING } from '../apps/launcher/dev-server-tuning.js';
import { ProcessSpecs } from '../apps/launcher/process-specs.js';
import { builtPaths } from '../apps/launcher/project-paths.js';
import { readSearchAttributes } from '../apps/launcher/search-attributes.js';
import { namespaceReady } from '../apps/launcher/temporal-checks.js';
import { SupervisedProcess } from '../apps/launcher/supervised-process.js';
import { resolveTemporalCli } from '../lib/temporal-binaries/index.js';
import { onInterrupt } from './cleanup.js';
import type { StackPlan } from './stack-plan.js';

export interface BenchDevServer {
  address: string;
  namespace: string;
  /** The task queue `npm start`'s worker and API use. */
  taskQueue: string;
  pid: number;
  /** The dev server's command line, as started. */
  args: string[];
  /** The tuning flags of the launcher's command line that this run left out (--untuned). */
  removedTuning: string[];
  /** The server's own Prometheus endpoint, for its view of the calls made to it. */
  metricsUrl: string;
  connection: Connection;
  client: Client;
  stop: () => Promise<void>;
}

/**
 * The launcher's command line without its tuning flags (DEV_SERVER_TUNING: SQLite pragmas and
 * dynamic config), to measure what they bring. Each flag goes with its value.
 */
export function withoutTuning(args: readonly string[]): { args: string[]; removed: string[] } {
  const tuning = DEV_SERVER_TUNING;
  const isTuningPair = (index: number) =>
    tuning.some(
      (flag, at) => at % 2 === 0 && flag === args[index] && tuning[at + 1] === args[index + 1],
    );
  const kept: string[] = [];
  const removed: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    if (isTuningPair(index)) {
      removed.push(...args.slice(index, index + 2));
      index += 1;
    } else {
      kept.push(args[index] ?? '');
    }
  }
  return { args: kept, removed };
}

/**
 * The Temporal dev server exactly as `npm start` runs it: the command line comes from the
 * launcher's own ProcessSpecs, with the benchmark's data folder and ports.
 */
export async function startDevServer(
  plan: StackPlan,
  { untuned }: { untuned: boolean },
): Promise<BenchDevServer> {
  const env = plan.launcherEnv();
  const config = loadLauncherConfig(env);
  const { temporal } = config;
  if (temporal.kind !== 'dev-server') throw new Error('The benchmark needs the dev server plan');
  const cli = await resolveTemporalCli({
    log: (line) => {
      console.log(line);
    },
  });
  if (!cli) throw new Error('No Temporal CLI: run npm run temporal:binaries first');
  const attributes = await readSearchAttributes(builtPaths(config.root).searchAttributes);
  const spec = new ProcessSpecs(config, env).temporalDevServer(cli.path, attributes);
  const { args: chosen, removed } = untuned
    ? withoutTuning(spec.args)
    : { args: spec.args, removed: [] };
  // `npm start` lets the server pick a port for its metrics; the benchmark needs to know it.
  const metricsPort = await freePortOutside(new Set(Object.values(plan.ports)));
  const args = [...chosen, '--metrics-port', String(metricsPort)];
  await mkdir(dirname(temporal.dbFile), { recursive: true });
  await mkdir(config.logsDir, { recursive: true });
  const server = await SupervisedProcess.start({ ...spec, args }, (_, status) => {
    console.error(`The dev server stopped during the benchmark: ${JSON.stringify(status)}`);
    console.error(server.recentOutput(10).join('\n'));
  });

  const forget = onInterrupt(async () => {
    await server.stop({ timeoutMs: 5000 });
  });
  const { address, namespace, taskQueue } = temporal.connection;
  const waitOptions = { timeoutMs: 60_000, signal: AbortSignal.timeout(60_000) };
  try {
    await waitUntil('the dev server', () => tcpOpen('127.0.0.1', temporal.port), waitOptions);
    const connection = await Connection.connect({ address });
    await waitUntil('its namespace', () => namespaceReady(connection, namespace), waitOptions);
    return {
      address,
      namespace,
      taskQueue,
      pid: server.pid,
      args,
      removedTuning: removed,
      metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
      connection,
      client: new Client({ connection, namespace }),
      stop: async () => {
        forget();
        await connection.close();
        await server.stop({ timeoutMs: 15_000 });
      },
    };
  } catch (error) {
    forget();
    await server.stop({ timeoutMs: 5000 });
    throw error;
  }
}
