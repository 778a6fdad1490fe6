// docker-compose.yml's Prometheus and Jaeger: Prometheus loads this repository's configuration and
// rules, Jaeger receives every app's traces, and both UIs stay on this machine.
import { existsSync } from 'node:fs';

import { describe, expect, it } from '@jest/globals';

import { PROMETHEUS_VERSION } from '../../lib/promtool/index.js';
import {
  appServices,
  containerPorts,
  endpointOf,
  hostPathOf,
  readComposeFile,
} from '../support/production-compose.js';

const compose = readComposeFile();

function service(name: string) {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no ${name} service`);
  return found;
}

describe('docker-compose.yml observability', () => {
  it('runs the Prometheus version whose promtool checks the rules', () => {
    expect(service('prometheus').image).toBe(`prom/prometheus:v${PROMETHEUS_VERSION}`);
  });

  it("points Prometheus at this repository's configuration, which loads the rules", () => {
    const prometheus = service('prometheus');
    expect(prometheus.command).toContain('--config.file=/etc/prometheus/prometheus.yml');
    for (const file of ['prometheus.yml', 'alerts.yml', 'recording-rules.yml']) {
      const source = hostPathOf(prometheus, `/etc/prometheus/${file}`);
      expect({ file, mounted: source !== undefined && existsSync(source) }).toEqual({
        file,
        mounted: true,
      });
    }
  });

  it('runs Jaeger v2, pinned', () => {
    expect(service('jaeger').image).toMatch(/^jaegertracing\/jaeger:2\.\d+\.\d+$/);
  });

  it("sends every app's traces to Jaeger's OTLP/HTTP port", () => {
    const jaegerPorts = containerPorts(service('jaeger'));
    const apps = appServices(compose);
    expect(apps.length).toBeGreaterThanOrEqual(5);
    for (const app of apps) {
      const endpoint = app.environment.OTEL_EXPORTER_OTLP_ENDPOINT;
      expect({ app: app.name, endpoint }).toEqual({
        app: app.name,
        endpoint: 'http://jaeger:4318',
      });
    }
    expect(jaegerPorts).toContain(endpointOf('http://jaeger:4318').port);
  });

  it('publishes the Prometheus and Jaeger UIs, which have no login, on 127.0.0.1 only', () => {
    expect(service('prometheus').ports).toEqual(['127.0.0.1:9090:9090']);
    expect(service('jaeger').ports).toEqual(['127.0.0.1:16686:16686']);
  });

  it("lets Prometheus reach the Temporal server's metrics", () => {
    const temporal = service('temporal');
    expect(temporal.environment.PROMETHEUS_ENDPOINT).toBe('0.0.0.0:8000');
    expect(containerPorts(temporal)).toContain(8000);
  });
});
