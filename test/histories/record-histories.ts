// Records the histories that the replay test replays: `npm run histories:record`. Run it after a
// deliberate, versioned change to the workflow, and commit the files; never to silence a failing
// replay test, which means the change would break workflows already running. The legacy
// histories (scenarios.ts) are never recorded again.
import { it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { CheckoutTestEnvironment } from '../workflows/support/checkout-test-environment.js';
import { SCENARIOS } from './scenarios.js';

it.each(SCENARIOS)(
  'records $name',
  async (scenario) => {
    // A test server of its own: the time one scenario skips must not leak into the next.
    const environment = await CheckoutTestEnvironment.create({ shortTimeouts: false });
    try {
      const participants = scenario.participants();
      const context = { participants, environment };
      const handle = scenario.run
        ? await scenario.run(context)
        : await environment.withWorker(participants, async (start) => {
            const started = await start(scenario.input());
            await scenario.drive?.(started, context);
            await started.result();
            return started;
          });
      const file = new URL(`./${scenario.name}.json`, import.meta.url);
      await writeFile(file, `${historyToJSON(await handle.fetchHistory())}\n`);
    } finally {
      await environment.teardown();
    }
  },
  120_000,
);
