// Records the histories that the replay test replays: `npm run histories:record`. Run it after a
// deliberate, versioned change to the workflow, and commit the files; never to silence a failing
// replay test, which means the change would break workflows already running.
import { afterAll, beforeAll, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { CheckoutTestEnvironment } from '../workflows/support/checkout-test-environment.js';
import { SCENARIOS } from './scenarios.js';

let environment: CheckoutTestEnvironment;

beforeAll(async () => {
  environment = await CheckoutTestEnvironment.create({ shortTimeouts: false });
});

afterAll(async () => {
  await environment.teardown();
});

it.each(SCENARIOS)('records $name', async (scenario) => {
  await environment.withWorker(scenario.participants(), async (start) => {
    const handle = await start(scenario.input());
    await scenario.drive?.(handle);
    await handle.result();
    const file = new URL(`./${scenario.name}.json`, import.meta.url);
    await writeFile(file, `${historyToJSON(await handle.fetchHistory())}\n`);
  });
});
