import { parseArgs } from 'node:util';
import { z } from 'zod';

const positive = z.coerce.number().int().positive();

/** The soak's command line: `npm run soak -- --orders 60`. */
const optionsSchema = z
  .object({
    orders: positive.default(300),
    concurrency: positive.default(20),
    seed: z.coerce
      .number()
      .int()
      .min(0)
      .default(() => Date.now() % 1_000_000),
    /** Worker kills come at a random interval between these bounds (seconds). */
    killMinSeconds: positive.optional(),
    killMaxSeconds: positive.optional(),
    minWorkerKills: z.coerce.number().int().min(0).default(2),
    /** Seconds between two participant restarts (each participant in turn). */
    restartEverySeconds: positive.optional(),
    /** The card-challenge deadline the soak asks the API to give its orders. */
    challengeSeconds: positive.default(20),
    /** How long every order may take to finish once the chaos has stopped. */
    settleSeconds: positive.default(240),
    /** An order unfinished this long after it was placed counts as stuck. */
    orderTimeoutSeconds: positive.default(300),
    keepData: z.boolean().default(false),
  })
  .transform((options) => {
    // A small run kills more often, so that even 60 orders see several kills.
    const small = options.orders <= 100;
    const killMinSeconds = options.killMinSeconds ?? (small ? 8 : 20);
    const killMaxSeconds = Math.max(killMinSeconds, options.killMaxSeconds ?? (small ? 14 : 40));
    return {
      ...options,
      killMinSeconds,
      killMaxSeconds,
      restartEverySeconds: options.restartEverySeconds ?? (small ? 10 : 25),
    };
  });

export type SoakOptions = z.infer<typeof optionsSchema>;

const USAGE =
  'usage: npm run soak -- [--orders N] [--concurrency N] [--seed N] [--kill-min-seconds S] ' +
  '[--kill-max-seconds S] [--min-worker-kills N] [--restart-every-seconds S] ' +
  '[--challenge-seconds S] [--settle-seconds S] [--order-timeout-seconds S] [--keep-data]';

export function parseSoakOptions(argv: string[] = process.argv.slice(2)): SoakOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      orders: { type: 'string' },
      concurrency: { type: 'string' },
      seed: { type: 'string' },
      'kill-min-seconds': { type: 'string' },
      'kill-max-seconds': { type: 'string' },
      'min-worker-kills': { type: 'string' },
      'restart-every-seconds': { type: 'string' },
      'challenge-seconds': { type: 'string' },
      'settle-seconds': { type: 'string' },
      'order-timeout-seconds': { type: 'string' },
      'keep-data': { type: 'boolean' },
    },
  });
  const parsed = optionsSchema.safeParse({
    orders: values.orders,
    concurrency: values.concurrency,
    seed: values.seed,
    killMinSeconds: values['kill-min-seconds'],
    killMaxSeconds: values['kill-max-seconds'],
    minWorkerKills: values['min-worker-kills'],
    restartEverySeconds: values['restart-every-seconds'],
    challengeSeconds: values['challenge-seconds'],
    settleSeconds: values['settle-seconds'],
    orderTimeoutSeconds: values['order-timeout-seconds'],
    keepData: values['keep-data'],
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  --${kebab(issue.path.join('.'))}: ${issue.message}`,
    );
    throw new Error(`Invalid soak options:\n${problems.join('\n')}\n${USAGE}`);
  }
  return parsed.data;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
