// Temporal test environments on the binaries resolved by global setup (TEMPORAL_TEST_SERVER_PATH,
// TEMPORAL_CLI_PATH); without them the SDK would try to download the servers.
import {
  TestWorkflowEnvironment,
  type LocalTestWorkflowEnvironmentOptions,
  type TimeSkippingTestWorkflowEnvironmentOptions,
} from '@temporalio/testing';

import { sdkExecutableFromEnv } from '../../lib/temporal-binaries/index.js';

/** The Java time-skipping test server: timers and sleeps complete without waiting. */
export async function createTimeSkippingEnvironment(
  options: TimeSkippingTestWorkflowEnvironmentOptions = {},
): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    ...options,
    server: { executable: sdkExecutableFromEnv('TEMPORAL_TEST_SERVER_PATH'), ...options.server },
  });
}

/** The real Temporal server (CLI dev server, in memory): visibility, search attributes, updates. */
export async function createDevServerEnvironment(
  options: LocalTestWorkflowEnvironmentOptions = {},
): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    ...options,
    server: { executable: sdkExecutableFromEnv('TEMPORAL_CLI_PATH'), ...options.server },
  });
}
