// Runs the embedded Kafka broker on its own until Ctrl-C, e.g. for a test run against it:
//   node dist/lib/kafka-broker/main.js [--data-dir .data/kafka] [--port 9092] [--controller-port 9093]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { startKafkaBroker } from './start-kafka-broker.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '.data/kafka' },
    port: { type: 'string', default: '9092' },
    'controller-port': { type: 'string', default: '9093' },
  },
});
const port = Number(values.port);
const controllerPort = Number(values['controller-port']);
for (const [name, value] of [
  ['--port', port],
  ['--controller-port', controllerPort],
] as const) {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} must be a port number (1-65535)`);
  }
}

const started = performance.now();
const broker = await startKafkaBroker({
  dataDir: resolve(values['data-dir']),
  port,
  controllerPort,
});
process.stdout.write(
  `Kafka ${broker.bootstrapServers} ready in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
    `(log ${broker.logFile}); Ctrl-C stops it.\n`,
);
const stop = () => {
  void broker.stop().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
