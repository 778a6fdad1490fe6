import type { OnApplicationShutdown } from '@nestjs/common';
import { Pool, type QueryResult, type QueryResultRow } from 'pg';
import type { Logger } from '../logging/index.js';
import { asServiceError } from './database-errors.js';

/** What repositories need: a pooled client inside a transaction satisfies it. */
export interface Sql {
  query<Row extends QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<Row>>;
}

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  /** Longest wait for a row or table lock; a statement that would wait longer fails (503). */
  lockTimeoutMs: number;
  /** A transaction left idle this long is ended by the server, freeing its locks. */
  idleInTransactionTimeoutMs: number;
  applicationName: string;
  logger: Logger;
}

/**
 * The service's connection pool: parameterised queries (outside a transaction for reads) and
 * transactions, closed on shutdown.
 */
export class Database implements Sql, OnApplicationShutdown {
  private readonly pool: Pool;
  private readonly logger: Logger;
  private closing?: Promise<void>;

  constructor(options: DatabaseOptions) {
    this.logger = options.logger;
    this.pool = new Pool({
      connectionString: options.url,
      max: options.poolSize,
      statement_timeout: options.statementTimeoutMs,
      lock_timeout: options.lockTimeoutMs,
      idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs,
      connectionTimeoutMillis: options.statementTimeoutMs,
      application_name: options.applicationName,
      // Notices a server (or a network path) that went away without closing the connection.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    // An idle connection that breaks (server restart) must not crash the process.
    this.pool.on('error', (error) => {
      this.logger.warn({ err: error }, 'Idle database connection failed');
    });
  }

  async query<Row extends QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<QueryResult<Row>> {
    try {
      return await this.pool.query<Row>(text, values);
    } catch (error) {
      throw this.translate(error);
    }
  }

  /** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
  async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    try {
      return await inTransaction(this.pool, work);
    } catch (error) {
      throw this.translate(error);
    }
  }

  async isReachable(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    this.closing ??= this.pool.end().then(() => {
      this.logger.info('Closed the database pool');
    });
    return this.closing;
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  private translate(error: unknown): unknown {
    const translated = asServiceError(error);
    if (translated !== error) this.logger.warn({ err: error }, 'Database call failed');
    return translated;
  }
}

/** Runs `work` in one transaction on a client of the pool: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(pool: Pool, work: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    // A client whose rollback failed is in an unknown state: destroy it instead of reusing it.
    client.release(broken);
  }
}
