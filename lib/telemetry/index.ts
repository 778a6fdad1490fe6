// Light on purpose: main.ts imports this before anything else, so it loads no SDK by itself.
export { activeTelemetry, startTelemetry, type Telemetry } from './start-telemetry.js';
export { tracingRequested } from './telemetry-env.js';
export { publishTraced, type MessageToTrace } from './kafka-publish.js';
export { processTraced, type MessageToProcess } from './kafka-process.js';
