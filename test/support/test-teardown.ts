/** Global setup leaves its cleanup here for global teardown (same process, separate modules). */
export type TestTeardown = typeof globalThis & { checkoutSagaTeardown?: () => Promise<void> };
