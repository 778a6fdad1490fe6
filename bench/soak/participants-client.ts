// The participants' own records, read over their HTTP APIs, and their fault-injection switch.
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { ServiceName } from '../../apps/launcher/launcher-env.js';
import type { StackUrls } from './stack.js';

const lineSchema = z.object({ sku: z.string(), quantity: z.number() });

export const reservationSchema = z.object({
  reservationId: z.string(),
  status: z.string(),
  lines: z.array(lineSchema),
});
export const chargeSchema = z.object({
  chargeId: z.string(),
  amount: z.number(),
  status: z.string(),
});
export const shipmentSchema = z.object({ shipmentId: z.string(), status: z.string() });
export const productSchema = z.object({
  sku: z.string(),
  available: z.number(),
  reserved: z.number(),
});

export type Reservation = z.infer<typeof reservationSchema>;
export type Charge = z.infer<typeof chargeSchema>;
export type Shipment = z.infer<typeof shipmentSchema>;
export type Product = z.infer<typeof productSchema>;

export interface OrderRecords {
  reservations: Reservation[];
  charges: Charge[];
  shipments: Shipment[];
}

export interface FaultSettings {
  errorRate: number;
  latencyMs: number;
  phase: 'before' | 'after';
}

export const NO_FAULTS: FaultSettings = { errorRate: 0, latencyMs: 0, phase: 'before' };

/** How long a read keeps trying while its participant restarts. */
const READ_PATIENCE_MS = 60_000;

export class ParticipantsClient {
  constructor(private readonly urls: StackUrls) {}

  async orderRecords(orderId: string): Promise<OrderRecords> {
    const query = `?orderId=${encodeURIComponent(orderId)}`;
    const [reservations, charges, shipments] = await Promise.all([
      this.read('inventory', `/reservations${query}`, z.array(reservationSchema)),
      this.read('payment', `/charges${query}`, z.array(chargeSchema)),
      this.read('shipping', `/shipments${query}`, z.array(shipmentSchema)),
    ]);
    return { reservations, charges, shipments };
  }

  charges(orderId: string): Promise<Charge[]> {
    return this.read(
      'payment',
      `/charges?orderId=${encodeURIComponent(orderId)}`,
      z.array(chargeSchema),
    );
  }

  products(): Promise<Product[]> {
    return this.read('inventory', '/products', z.array(productSchema));
  }

  /** PUT /admin/faults; false when the service did not take it (e.g. it is restarting). */
  async setFaults(service: ServiceName, settings: FaultSettings): Promise<boolean> {
    try {
      const response = await fetch(`${this.urls[service]}/admin/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(settings),
        signal: AbortSignal.timeout(5000),
      });
      await response.body?.cancel();
      return response.ok;
    } catch {
      return false;
    }
  }

  /** The customer at the bank's challenge page: POST /charges/{id}/authenticate. */
  async authenticate(
    chargeId: string,
    result: 'approve' | 'deny',
    idempotencyKey: string,
  ): Promise<number> {
    try {
      const response = await fetch(`${this.urls.payment}/charges/${chargeId}/authenticate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify({ result }),
        signal: AbortSignal.timeout(10_000),
      });
      await response.body?.cancel();
      return response.status;
    } catch {
      return 0;
    }
  }

  private async read<T>(service: ServiceName, path: string, schema: z.ZodType<T>): Promise<T> {
    const deadline = Date.now() + READ_PATIENCE_MS;
    let problem = 'no answer';
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`${this.urls[service]}${path}`, {
          signal: AbortSignal.timeout(5000),
        });
        if (response.ok) return schema.parse(await response.json());
        problem = `status ${response.status}`;
        await response.body?.cancel();
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      await sleep(500);
    }
    throw new Error(`GET ${service}${path} failed for ${READ_PATIENCE_MS / 1000} s: ${problem}`);
  }
}
