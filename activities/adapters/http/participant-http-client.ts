import type { z } from 'zod';
import { ParticipantRefusal, ParticipantUnavailable } from '../errors.js';

export interface ParticipantHttpClientOptions {
  /** Names the participant in error messages: inventory, payment, shipping. */
  participant: string;
  baseUrl: string;
  /** Each call is aborted after this long and counts as failed (retried by the saga). */
  timeoutMs: number;
}

/** Answers worth retrying: the participant is down, overloaded or too slow. */
const TRANSIENT_STATUSES = new Set([408, 429]);

/**
 * JSON over HTTP to one participant. Failures become the ports' errors: ParticipantUnavailable
 * for anything transient (network, timeout, 5xx, 408, 429), ParticipantRefusal for any other
 * 4xx, named by the problem document's `code`. No retries here: the saga owns them.
 */
export class ParticipantHttpClient {
  private readonly baseUrl: string;

  constructor(private readonly options: ParticipantHttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    return this.send('GET', path, schema);
  }

  post<T>(path: string, idempotencyKey: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    return this.send('POST', path, schema, { idempotencyKey, body });
  }

  private async send<T>(
    method: string,
    path: string,
    schema: z.ZodType<T>,
    request: { idempotencyKey?: string; body?: unknown } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const call = `${this.options.participant} ${method} ${path}`;
    let status: number;
    let text: string;
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw new ParticipantUnavailable(`${call} failed: ${this.describe(error)}`, {
        cause: error,
      });
    }

    if (status >= 200 && status < 300) return parseBody(call, text, schema);
    const problem = parseProblem(text);
    const reason = problem.detail ?? problem.title ?? `HTTP ${status}`;
    if (status >= 500 || TRANSIENT_STATUSES.has(status)) {
      throw new ParticipantUnavailable(
        `${call} answered ${status}${problem.code ? ` ${problem.code}` : ''}: ${reason}`,
      );
    }
    throw new ParticipantRefusal(problem.code ?? `HTTP_${status}`, reason);
  }

  private describe(error: unknown): string {
    // Duck-typed: fetch's errors may come from another realm (DOMException, vm contexts).
    const { name, message, cause } = (error ?? {}) as {
      name?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (name === 'TimeoutError') return `no answer within ${this.options.timeoutMs} ms`;
    if (typeof message !== 'string') return String(error);
    const causeMessage = (cause as { message?: unknown } | undefined)?.message;
    return typeof causeMessage === 'string' ? `${message} (${causeMessage})` : message;
  }
}

interface ProblemFields {
  code?: string;
  detail?: string;
  title?: string;
}

/** The fields of an RFC 9457 problem document we act on; anything else is ignored. */
function parseProblem(text: string): ProblemFields {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null) return {};
  const { code, detail, title } = value as Record<string, unknown>;
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof detail === 'string' ? { detail } : {}),
    ...(typeof title === 'string' ? { title } : {}),
  };
}

/** A 2xx whose body breaks the contract is a bug on one side: a plain (retryable) error. */
function parseBody<T>(call: string, text: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new Error(`${call} answered with a body that is not JSON`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new Error(`${call} answered with an unexpected body: ${result.error.message}`);
  }
  return result.data;
}
