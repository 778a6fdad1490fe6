import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../../logging/index.js';
import { PROBLEM_CONTENT_TYPE, ProblemException } from '../../nest/index.js';
import { clientHasLeft } from '../client-connection.js';
import { Database, type Sql } from '../database.js';
import {
  FaultInjector,
  injectedFailureAfter,
  injectedFailureBefore,
} from '../faults/fault-injector.js';
import { refusalKeepingEffect, type Outcome } from '../outcome.js';
import { PARTICIPANT_LOGGER } from '../tokens.js';
import { requestFingerprint } from './fingerprint.js';
import { idempotencyKeyOf } from './idempotency-key.js';
import { claimKey, readKey, saveResponse, type StoredResponse } from './idempotency-store.js';

/** A mutating handler: runs inside the transaction that also stores the idempotency key. */
export type Effect = (sql: Sql) => Promise<Outcome>;

export const REPLAYED_HEADER = 'Idempotent-Replayed';

interface Attempt {
  key: string;
  fingerprint: string;
  latencyMs: number;
  clientHasLeft: () => boolean;
}

interface Answer {
  response: StoredResponse;
  replayed: boolean;
}

class ClientLeftBeforeCommit extends Error {
  override readonly name = 'ClientLeftBeforeCommit';
}

/**
 * Runs every mutating request at most once per Idempotency-Key. The key row and the effect
 * commit together; a repeat gets the first response byte for byte; a concurrent duplicate waits
 * on the key's primary key and then reads that response.
 */
@Injectable()
export class IdempotentRequests {
  constructor(
    private readonly database: Database,
    private readonly faults: FaultInjector,
    @Inject(PARTICIPANT_LOGGER) private readonly logger: Logger,
  ) {}

  /** Answers the request itself (the handler declares `@Res()`). */
  async respond(request: Request, response: Response, effect: Effect): Promise<void> {
    const key = idempotencyKeyOf(request);
    const fault = this.faults.draw();
    if (fault.failure === 'before') throw injectedFailureBefore();

    let answer: Answer;
    try {
      answer = await this.database.transaction((sql) =>
        this.run(sql, effect, {
          key,
          fingerprint: requestFingerprint(request.method, request.path, request.body),
          latencyMs: fault.latencyMs,
          clientHasLeft: () => clientHasLeft(request, response),
        }),
      );
    } catch (error) {
      if (!(error instanceof ClientLeftBeforeCommit)) throw error;
      this.logger.warn({ idempotencyKey: key }, 'Caller left before commit: rolled back');
      return;
    }

    if (fault.failure === 'after') throw injectedFailureAfter();
    send(response, answer);
  }

  private async run(sql: Sql, effect: Effect, attempt: Attempt): Promise<Answer> {
    const answer = (await claimKey(sql, attempt.key, attempt.fingerprint))
      ? { response: await this.apply(sql, effect, attempt), replayed: false }
      : { response: await replay(sql, attempt), replayed: true };
    if (attempt.latencyMs > 0) await delay(attempt.latencyMs);
    if (attempt.clientHasLeft()) throw new ClientLeftBeforeCommit();
    return answer;
  }

  private async apply(sql: Sql, effect: Effect, attempt: Attempt): Promise<StoredResponse> {
    const outcome = await applyWithinSavepoint(sql, effect);
    const response = toStoredResponse(outcome);
    await saveResponse(sql, attempt.key, response);
    return response;
  }
}

/** A thrown business refusal undoes the handler's writes but is still stored and replayed. */
async function applyWithinSavepoint(sql: Sql, effect: Effect): Promise<Outcome> {
  await sql.query('SAVEPOINT effect');
  try {
    return await effect(sql);
  } catch (error) {
    if (!(error instanceof ProblemException) || error.getStatus() >= 500) throw error;
    await sql.query('ROLLBACK TO SAVEPOINT effect');
    return refusalKeepingEffect(error);
  }
}

async function replay(sql: Sql, attempt: Attempt): Promise<StoredResponse> {
  const stored = await readKey(sql, attempt.key);
  if (!stored?.response) {
    throw new Error(`Idempotency key ${attempt.key} is taken but has no stored response`);
  }
  if (stored.fingerprint !== attempt.fingerprint) {
    throw new ProblemException(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      `Idempotency-Key ${attempt.key} was first used for ${stored.fingerprint.split(' ', 2).join(' ')}; this request has another path or body.`,
    );
  }
  return stored.response;
}

function toStoredResponse(outcome: Outcome): StoredResponse {
  return {
    status: outcome.status,
    contentType: outcome.status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json',
    body: JSON.stringify(outcome.body),
  };
}

function send(response: Response, { response: stored, replayed }: Answer): void {
  if (replayed) response.setHeader(REPLAYED_HEADER, 'true');
  response.status(stored.status).type(stored.contentType).send(stored.body);
}
