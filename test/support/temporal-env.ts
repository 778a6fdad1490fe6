// Temporal test environments on the binaries resolved by global setup (TEMPORAL_TEST_SERVER_PATH,
// TEMPORAL_CLI_PATH); without them the SDK would try to download the servers.
import {
  TestWorkflowEnvironment,
  type LocalTestWorkflowEnvironmentOptions,
  type TimeSkippingTestWorkflowEnvironmentOptions,
} from '@temporalio/testing';

import {
  DEV_SERVER_DYNAMIC_CONFIG,
  dynamicConfigFlags,
} from '../../apps/launcher/dev-server-tuning.js';
import { sdkExecutableFromEnv } from '../../lib/temporal-binaries/index.js';

/** The Java time-skipping test server: timers and sleeps complete without waiting. */
export async function createTimeSkippingEnvironment(
  options: TimeSkippingTestWorkflowEnvironmentOptions = {},
): Promise<TestWorkflowEnvironment> {
  return withStartRetries(() =>
    TestWorkflowEnvironment.createTimeSkipping({
      ...options,
      server: { executable: sdkExecutableFromEnv('TEMPORAL_TEST_SERVER_PATH'), ...options.server },
    }),
  );
}

/**
 * The real Temporal server (CLI dev server, in memory): visibility, search attributes, updates.
 * It runs with the dynamic config of `npm start`'s dev server (eager activities among it).
 */
export async function createDevServerEnvironment(
  options: LocalTestWorkflowEnvironmentOptions = {},
): Promise<TestWorkflowEnvironment> {
  return withStartRetries(() =>
    TestWorkflowEnvironment.createLocal({
      ...options,
      server: {
        executable: sdkExecutableFromEnv('TEMPORAL_CLI_PATH'),
        ...options.server,
        extraArgs: [
          ...dynamicConfigFlags(DEV_SERVER_DYNAMIC_CONFIG),
          ...(options.server?.extraArgs ?? []),
        ],
      },
    }),
  );
}

const START_ATTEMPTS = 3;

/**
 * The SDK gives a server 5 seconds to answer, a limit it does not let callers change; a JVM on a
 * busy machine can need longer, so a start that timed out is tried again on a new port.
 */
async function withStartRetries(
  start: () => Promise<TestWorkflowEnvironment>,
): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      const timedOut = error instanceof Error && error.message.includes('did not start within');
      if (!timedOut || attempt === START_ATTEMPTS) throw error;
    }
  }
}
