/** Must match the defaults of `kafka.version` and `log4j.version` in pom.xml. */
export const KAFKA_VERSION = '4.4.0';
export const KAFKA_ARTIFACT = 'org.apache.kafka:kafka_2.13';
export const LOG4J_VERSION = '2.24.3';
export const KAFKA_MAIN_CLASS = 'kafka.Kafka';
export const STORAGE_TOOL_CLASS = 'kafka.tools.StorageTool';
