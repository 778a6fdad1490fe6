import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../../logging/index.js';
import type { Sql } from '../database.js';
import { countUnsentEvents } from './outbox.repository.js';

export const OUTBOX_BACKLOG_METRIC = 'outbox_backlog_events';

/**
 * `outbox_backlog_events{service}`: events written but not yet published, counted at each scrape.
 * It grows while the broker is unreachable, or for good when no broker is configured. When the
 * database cannot be read the gauge keeps its last value.
 */
export function registerBacklogGauge(options: {
  registry: Registry;
  service: string;
  database: Sql;
  logger: Logger;
}): Gauge<'service'> {
  const { service, database, logger } = options;
  let failing = false;
  return new Gauge({
    name: OUTBOX_BACKLOG_METRIC,
    help: 'Domain events in the outbox that are not published to Kafka yet.',
    labelNames: ['service'],
    registers: [options.registry],
    async collect() {
      try {
        this.set({ service }, await countUnsentEvents(database));
        failing = false;
      } catch (error) {
        if (!failing) logger.warn({ err: error }, 'Could not count the outbox backlog');
        failing = true;
      }
    },
  });
}
