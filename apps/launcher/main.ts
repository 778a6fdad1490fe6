// `npm start`: the whole system on embedded defaults (see launcher-env.ts for the variables).
// `node dist/apps/launcher/main.js` after `npm run build`.
import { ConfigurationError } from '../../lib/config/index.js';
import { Launcher } from './launcher.js';
import { loadLauncherConfig, type LauncherConfig } from './launcher-env.js';
import { writeProgress } from './progress.js';
import { handleStopSignals } from './signals.js';

const out = writeProgress((text) => process.stdout.write(text));

let config: LauncherConfig | undefined;
try {
  config = loadLauncherConfig();
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  out.problem(error.message);
  process.exitCode = 1;
}

if (config) {
  const launcher = new Launcher(config, out);
  handleStopSignals(launcher, out);
  process.exitCode = await launcher.run();
}
