// The Prometheus scrape configuration (which loads the alert rules) must reach every process
// that docker-compose.yml runs from the application image, on the port that serves /metrics.
import { readFile } from 'node:fs/promises';

import { describe, expect, it } from '@jest/globals';
import { load } from 'js-yaml';

import {
  appServices,
  effectiveEnv,
  isAppName,
  readComposeFile,
  REPO_ROOT,
} from '../support/production-compose.js';

interface ScrapeConfig {
  job_name: string;
  static_configs?: { targets: string[] }[];
  dns_sd_configs?: { names: string[]; port: number }[];
}

async function scrapedAddresses(): Promise<string[]> {
  const config = load(
    await readFile(`${REPO_ROOT}observability/prometheus/prometheus.yml`, 'utf8'),
  ) as { scrape_configs: ScrapeConfig[] };
  return config.scrape_configs.flatMap((job) => [
    ...(job.static_configs ?? []).flatMap((group) => group.targets),
    ...(job.dns_sd_configs ?? []).flatMap((sd) => sd.names.map((name) => `${name}:${sd.port}`)),
  ]);
}

describe('the Prometheus scrape configuration', () => {
  it('scrapes every application process of docker-compose.yml on its metrics port', async () => {
    const expected = appServices(readComposeFile()).map((service) => {
      if (!isAppName(service.name)) {
        throw new Error(`docker-compose.yml service ${service.name} is not a known process`);
      }
      const env = effectiveEnv(service.name, service);
      const port = service.name === 'worker' ? env.WORKER_METRICS_PORT : env.PORT;
      return `${service.name}:${String(port)}`;
    });

    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(await scrapedAddresses()).toEqual(expect.arrayContaining(expected));
  });
});
