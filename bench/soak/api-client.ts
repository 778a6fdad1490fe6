import type { OutageLog } from './outages.js';

export interface ApiResponse {
  status: number;
  body: unknown;
}

/** One response the soak holds against "no 5xx other than 503 during an outage". */
export interface ServerErrorRecord {
  at: string;
  request: string;
  status: number;
  body: string;
}

const REQUEST_TIMEOUT_MS = 20_000;

/** The checkout API as a customer calls it; every answer is tallied by status. */
export class SoakApiClient {
  readonly statusCounts = new Map<number, number>();
  readonly serverErrors: ServerErrorRecord[] = [];
  /** Requests the API did not answer at all (connection refused, timeout). */
  transportErrors = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly outages: OutageLog,
  ) {}

  placeOrder(token: string, body: unknown, idempotencyKey?: string): Promise<ApiResponse> {
    return this.request('POST', '/orders', token, body, idempotencyKey);
  }

  getOrder(token: string, orderId: string): Promise<ApiResponse> {
    return this.request('GET', `/orders/${orderId}`, token);
  }

  cancel(token: string, orderId: string): Promise<ApiResponse> {
    return this.request('POST', `/orders/${orderId}/cancel`, token, { reason: 'soak' });
  }

  /** The order's domain events, from the read model through the API. */
  orderEvents(token: string, orderId: string): Promise<ApiResponse> {
    return this.request('GET', `/orders/${orderId}/events`, token);
  }

  /** The customer's "re-check my payment" (a missed webhook). */
  recheckPayment(token: string, orderId: string): Promise<ApiResponse> {
    return this.request('POST', `/orders/${orderId}/payment-confirmation`, token);
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    token: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    const sentAt = Date.now();
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch {
      this.transportErrors += 1;
      return { status: 0, body: undefined };
    }
    const text = await response.text();
    this.statusCounts.set(response.status, (this.statusCounts.get(response.status) ?? 0) + 1);
    const expectedOutage = response.status === 503 && this.outages.overlaps(sentAt, Date.now());
    if (response.status >= 500 && !expectedOutage) {
      this.serverErrors.push({
        at: new Date(sentAt).toISOString(),
        request: `${method} ${path}`,
        status: response.status,
        body: text.slice(0, 300),
      });
    }
    return { status: response.status, body: parseJson(text) };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
