import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A registry for one process's metrics, with Node.js's own (CPU, memory, event loop lag,
 * garbage collection) already in it. Each HTTP app gets one, so services started side by side in
 * one process (the tests) keep their series apart.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
