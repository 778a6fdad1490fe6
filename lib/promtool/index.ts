export { PROMTOOL_PATH_VARIABLE, promtoolCacheDir, resolvePromtool } from './resolve-promtool.js';
export { PROMETHEUS_VERSION, PROMTOOL_MODULE_VERSION } from './versions.js';
