import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { connectionOptions, type TemporalConfig } from '../../../lib/temporal/index.js';

/**
 * The SDK retries a failed gRPC call for about 20 seconds. An HTTP request should rather fail
 * fast with 503 while Temporal is down; and those retries go on after the caller has given up,
 * so a short budget also keeps them from outliving the connection at shutdown.
 */
const GRPC_RETRY = defaultGrpcRetryOptions({ maxAttempts: 4 });

/** A connection that connects on first use: the API starts, unhealthy, while Temporal is down. */
export async function lazyConnection(config: TemporalConfig): Promise<Connection> {
  return Connection.lazy({
    ...(await connectionOptions(config)),
    interceptors: [makeGrpcRetryInterceptor(GRPC_RETRY)],
  });
}
