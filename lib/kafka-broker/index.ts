export { BROKER_HOST, type BrokerAddresses } from './broker-config.js';
export { type BrokerJars, kafkaBrokerCacheDir, resolveKafkaBrokerJars } from './broker-jars.js';
export { waitForKafkaBroker } from './broker-ready.js';
export {
  type KafkaBrokerLaunch,
  type KafkaBrokerOptions,
  prepareKafkaBroker,
} from './prepare-broker.js';
export {
  type RunningKafkaBroker,
  startKafkaBroker,
  type StartKafkaBrokerOptions,
} from './start-kafka-broker.js';
export { KAFKA_ARTIFACT, KAFKA_VERSION } from './versions.js';
