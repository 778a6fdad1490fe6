import type { TestTeardown } from './test-teardown.js';

export default async function globalTeardown(): Promise<void> {
  const registry = globalThis as TestTeardown;
  await registry.checkoutSagaTeardown?.();
  delete registry.checkoutSagaTeardown;
}
