import { TEST_SERVER_ARTIFACT, TEST_SERVER_MAIN_CLASS, TEST_SERVER_VERSION } from './versions.js';

export const WRAPPER_NAME = 'temporal-test-server';
export const JAR_DIR = 'lib';
/** Lists the jars of a complete entry, one a line, so a damaged cache can be detected. */
export const JAR_LIST = 'jars.txt';

/**
 * The SDK starts the test server as `<executable> <port>`. The script finds its jars next to
 * itself, so the entry can be renamed into place after it is written. C1-only compilation and
 * the serial collector cut the JVM's startup, which dominates in short test runs.
 */
export function wrapperScript(): string {
  return `#!/bin/sh
# Temporal time-skipping test server ${TEST_SERVER_VERSION} (${TEST_SERVER_ARTIFACT}),
# resolved from Maven Central by checkout-saga (lib/temporal-binaries). Usage: $0 <port>
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
if [ -n "\${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
exec "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$here/${JAR_DIR}/*" ${TEST_SERVER_MAIN_CLASS} "$@"
`;
}
