import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const PHASES = ['ceiling', 'checkout', 'full-stack'] as const;
export type PhaseName = (typeof PHASES)[number];

export interface BenchOptions {
  /** Orders started by each phase. */
  orders: number;
  /** Clients starting (or posting) orders at the same time, each as fast as it can. */
  concurrency: number;
  /** Time limit of each phase, in seconds: it stops starting orders and stops waiting then. */
  timeoutSeconds: number;
  /** Orders of the single-order pass through the full stack, one at a time. */
  singleOrders: number;
  /**
   * Rounds the ceiling and the checkout take turns in, each with its share of the orders, so that
   * a change in the machine's load weighs on both alike.
   */
  rounds: number;
  /** The dev server without the launcher's tuning flags (SQLite pragmas, eager activities). */
  untuned: boolean;
  smoke: boolean;
  phases: PhaseName[];
  outputFile: string;
}

const USAGE = `npm run bench -- [--orders N] [--concurrency C] [--timeout S] [--single N] [--rounds R]
                     [--untuned] [--smoke] [--phases ceiling,checkout,full-stack] [--output FILE]`;

const SMOKE = { orders: 4, concurrency: 2, timeoutSeconds: 30, singleOrders: 2, rounds: 1 };
const DEFAULTS = { orders: 300, concurrency: 20, timeoutSeconds: 180, singleOrders: 30, rounds: 3 };

/** The command line of `npm run bench`; a ConfigurationError-like message names a bad flag. */
export function parseBenchOptions(argv: string[], root: string): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      orders: { type: 'string' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      single: { type: 'string' },
      rounds: { type: 'string' },
      untuned: { type: 'boolean', default: false },
      smoke: { type: 'boolean', default: false },
      phases: { type: 'string' },
      output: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new Error(`Usage: ${USAGE}`);
  const fallback = values.smoke ? SMOKE : DEFAULTS;
  const orders = positiveInteger('orders', values.orders, fallback.orders);
  return {
    orders,
    concurrency: positiveInteger('concurrency', values.concurrency, fallback.concurrency),
    timeoutSeconds: positiveInteger('timeout', values.timeout, fallback.timeoutSeconds),
    singleOrders: positiveInteger('single', values.single, fallback.singleOrders),
    rounds: positiveInteger('rounds', values.rounds, fallback.rounds),
    untuned: values.untuned,
    smoke: values.smoke,
    phases: phaseList(values.phases),
    outputFile: resolve(
      root,
      values.output ??
        `bench/results/${values.smoke ? 'smoke' : values.untuned ? 'untuned' : 'latest'}.json`,
    ),
  };
}

function positiveInteger(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`--${flag} must be a positive integer, got "${text}"\nUsage: ${USAGE}`);
  }
  return value;
}

function phaseList(text: string | undefined): PhaseName[] {
  if (text === undefined) return [...PHASES];
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(PHASES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`--phases takes a comma-separated list of ${PHASES.join(', ')}; got "${text}"`);
  }
  return PHASES.filter((phase) => names.includes(phase));
}
