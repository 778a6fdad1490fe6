/** The Go module version of Prometheus 3.16.0; promtool is built from it with `go install`. */
export const PROMTOOL_MODULE_VERSION = '0.316.0';
export const PROMETHEUS_VERSION = '3.16.0';
export const PROMTOOL_PACKAGE = 'github.com/prometheus/prometheus/cmd/promtool';
/** Prometheus release builds set this at link time; `promtool --version` prints it. */
export const PROMETHEUS_VERSION_VARIABLE = 'github.com/prometheus/common/version.Version';
