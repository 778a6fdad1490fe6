import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { workflowSource } from '../../apps/worker/workflow-source.js';
import { loadWorkerConfig } from '../../apps/worker/worker-env.js';

const KEY = Buffer.alloc(32, 3);
const REQUIRED = {
  PAYLOAD_ENCRYPTION_KEYS: `k1:${KEY.toString('base64')}`,
  KAFKA_BOOTSTRAP_SERVERS: 'localhost:9092',
};

describe('worker configuration', () => {
  it('runs on defaults, given its encryption keys and a Kafka broker', () => {
    expect(loadWorkerConfig(REQUIRED)).toEqual({
      temporal: { address: 'localhost:7233', namespace: 'default', taskQueue: 'checkout' },
      participants: {
        inventoryUrl: 'http://localhost:3001',
        paymentUrl: 'http://localhost:3002',
        shippingUrl: 'http://localhost:3003',
        timeoutMs: 5000,
      },
      orderEvents: {
        publisher: 'kafka',
        bootstrapServers: 'localhost:9092',
        clientId: 'checkout-worker',
      },
      payloadEncryptionKeys: [{ id: 'k1', key: KEY }],
      metricsPort: 9464,
      shutdownGraceSeconds: 30,
      logLevel: 'info',
      tuning: { maxConcurrentWorkflowTaskExecutions: 40, maxConcurrentActivityTaskExecutions: 100 },
    });
  });

  it('passes the tuning variables to the SDK, and refuses more pollers than slots', () => {
    expect(
      loadWorkerConfig({
        ...REQUIRED,
        WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '80',
        WORKER_MAX_CONCURRENT_ACTIVITIES: '400',
        WORKER_WORKFLOW_TASK_POLLERS: '20',
        WORKER_ACTIVITY_TASK_POLLERS: '40',
        WORKER_MAX_CACHED_WORKFLOWS: '2000',
      }).tuning,
    ).toEqual({
      maxConcurrentWorkflowTaskExecutions: 80,
      maxConcurrentActivityTaskExecutions: 400,
      maxConcurrentWorkflowTaskPolls: 20,
      maxConcurrentActivityTaskPolls: 40,
      maxCachedWorkflows: 2000,
    });
    expect(() =>
      loadWorkerConfig({
        ...REQUIRED,
        WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '4',
        WORKER_WORKFLOW_TASK_POLLERS: '8',
      }),
    ).toThrow(
      'WORKER_WORKFLOW_TASK_POLLERS: 8 is more than WORKER_MAX_CONCURRENT_WORKFLOW_TASKS (4)',
    );
    expect(() =>
      loadWorkerConfig({ ...REQUIRED, WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' }),
    ).toThrow(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: /);
  });

  it('names every bad variable', () => {
    expect(() =>
      loadWorkerConfig({
        ...REQUIRED,
        TEMPORAL_ADDRESS: 'no-port',
        PAYMENT_URL: 'ftp://payments',
        WORKER_SHUTDOWN_GRACE_SECONDS: '-1',
      }),
    ).toThrow(
      /Invalid worker configuration:\n {2}TEMPORAL_ADDRESS: must be host:port\n {2}PAYMENT_URL: must be an http\(s\) URL\n {2}WORKER_SHUTDOWN_GRACE_SECONDS: /,
    );
  });

  it('refuses half an mTLS setup', () => {
    expect(() =>
      loadWorkerConfig({ ...REQUIRED, TEMPORAL_TLS_CERT_PATH: '/certs/client.pem' }),
    ).toThrow(/set both TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH/);
  });

  it('requires the payload encryption keys', () => {
    expect(() => loadWorkerConfig({})).toThrow(
      /Invalid worker configuration:\n {2}PAYLOAD_ENCRYPTION_KEYS: required: comma-separated keyId:base64 entries of 32-byte keys/,
    );
    expect(() => loadWorkerConfig({ PAYLOAD_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' })).toThrow(
      'PAYLOAD_ENCRYPTION_KEYS: key "k1" is 5 bytes; AES-256 needs 32',
    );
  });

  it('uses a prebuilt bundle when given one, and says so when it is missing', () => {
    expect(workflowSource(undefined, false).code.workflowsPath).toMatch(
      /workflows\/index\.(ts|js)$/,
    );
    expect(() => workflowSource('/nowhere/workflow-bundle.js', false)).toThrow(
      'WORKFLOW_BUNDLE_PATH: no workflow bundle at /nowhere/workflow-bundle.js; run npm run build',
    );
    expect(() => workflowSource('/nowhere/workflow-bundle.js', true)).toThrow(
      'WORKFLOW_BUNDLE_PATH: no traced workflow bundle at /nowhere/workflow-bundle.traced.js; run npm run build',
    );
  });

  it('runs the workflows with the tracing interceptors only when tracing is on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundles-'));
    const plain = join(dir, 'workflow-bundle.js');
    writeFileSync(plain, '');
    writeFileSync(join(dir, 'workflow-bundle.traced.js'), '');
    expect(workflowSource(plain, false)).toEqual({
      code: { workflowBundle: { codePath: plain } },
      interceptorModules: [],
    });
    expect(workflowSource(plain, true)).toEqual({
      code: { workflowBundle: { codePath: join(dir, 'workflow-bundle.traced.js') } },
      interceptorModules: [],
    });
    expect(workflowSource(undefined, false).interceptorModules).toEqual([]);
    expect(workflowSource(undefined, true).interceptorModules).toEqual([
      expect.stringMatching(/interceptors-opentelemetry\/lib\/workflow-interceptors\.js$/),
    ]);
  });
});
