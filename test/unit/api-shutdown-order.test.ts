import { describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Connection } from '@temporalio/client';
import { ActiveOrders } from '../../apps/api/checkout-load/active-orders.js';
import { TemporalConnectionCloser } from '../../apps/api/temporal/temporal-connection-closer.js';

describe('the API shutting down', () => {
  it('stops watching orders before it closes the Temporal connection', async () => {
    const watches: AbortSignal[] = [];
    const active = new ActiveOrders({
      windowMs: 60_000,
      waitForClose: (_workflowId, signal) => {
        watches.push(signal);
        return new Promise(() => undefined);
      },
    });
    let abortedWhenClosing: boolean[] | undefined;
    const connection = {
      close: () => {
        abortedWhenClosing = watches.map((signal) => signal.aborted);
        return Promise.resolve();
      },
    };
    @Module({
      // The closer first: Nest starts the hooks of one phase in the order of the providers.
      providers: [
        { provide: Connection, useValue: connection },
        TemporalConnectionCloser,
        { provide: ActiveOrders, useValue: active },
      ],
    })
    class ShutdownModule {}
    const app = await NestFactory.createApplicationContext(ShutdownModule, { logger: false });
    active.track('order-a', Promise.resolve());
    await new Promise((resolve) => setImmediate(resolve));
    expect(watches).toHaveLength(1);

    await app.close();

    expect(abortedWhenClosing).toEqual([true]);
  });
});
