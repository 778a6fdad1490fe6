/** The newest CLI tag that `go install pkg@version` accepts (see README.md). */
export const TEMPORAL_CLI_VERSION = '1.5.1';
export const TEMPORAL_CLI_PACKAGE = 'github.com/temporalio/cli/cmd/temporal';
/** The CLI's release builds set this variable at link time; `temporal --version` prints it. */
export const TEMPORAL_CLI_VERSION_VARIABLE = 'github.com/temporalio/cli/temporalcli.Version';

/** Must match the default of `temporal.test-server.version` in test-server/pom.xml. */
export const TEST_SERVER_VERSION = '1.38.0';
export const TEST_SERVER_ARTIFACT = 'io.temporal:temporal-test-server';
export const TEST_SERVER_MAIN_CLASS = 'io.temporal.testserver.TestServer';
