import { beforeAll, describe, expect, it } from '@jest/globals';
import { useApiHarness } from '../support/api-harness.js';
import { fuzz, resolveSchemathesis, type FuzzRun } from '../support/schemathesis.js';

/** Cases per operation and phase: over a thousand requests in all. */
const MAX_EXAMPLES = 60;

describe('API under schemathesis (--checks all)', () => {
  const harness = useApiHarness();
  let run: FuzzRun;

  beforeAll(async () => {
    await resolveSchemathesis(); // a first run installs it: minutes
    // Both roles, so that every route is reachable: the customer's and the operator's.
    const token = await harness.signer.sign({
      sub: 'cus_fuzz',
      roles: ['customer', 'operator'],
    });
    run = await fuzz({
      url: harness.anonymous.baseUrl,
      maxExamples: MAX_EXAMPLES,
      extraArgs: ['--header', `Authorization: Bearer ${token}`],
    });
    // The figures of the run, for the record.
    console.info(
      `schemathesis: ${run.exchanges.length} requests, ${run.serverErrors.length} answered 5xx`,
    );
  }, 600_000);

  it('sends over a thousand generated requests to the routes of the OpenAPI document', () => {
    const paths = new Set(run.exchanges.map(({ url }) => new URL(url).pathname.split('/')[1]));

    expect(run.exchanges.length).toBeGreaterThanOrEqual(1000);
    expect([...paths]).toEqual(expect.arrayContaining(['orders', 'health', 'webhooks']));
  });

  it('never answers with a 5xx', () => {
    expect(run.serverErrors).toEqual([]);
  });
});
