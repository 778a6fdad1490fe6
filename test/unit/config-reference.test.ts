import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { loadLauncherConfig, SERVICES } from '../../apps/launcher/launcher-env.js';
import { ProcessSpecs } from '../../apps/launcher/process-specs.js';
import { envReference } from '../../lib/config/env-reference.js';
import { UNDER_NPM_START } from '../../scripts/config-reference-npm-start.js';
import {
  CONFIG_DOCUMENT,
  configReference,
  withConfigReference,
} from '../../scripts/config-reference.js';

describe('the configuration reference', () => {
  it('lists each variable once, with the processes that read it and their defaults', () => {
    const table = envReference(
      [
        {
          process: 'a',
          schema: z.object({
            PORT: z.number().default(1).describe('Port.'),
            SHARED: z.string().describe('Shared.'),
          }),
        },
        {
          process: 'b',
          schema: z.object({ PORT: z.number().default(2).describe('Port.'), SHARED: z.string() }),
        },
      ],
      {
        underNpmStart: { PORT: 'set' },
        extra: [{ name: 'TOOL_PATH', readBy: 'tests', meaning: 'A tool.' }],
      },
    );
    expect(table.split('\n').slice(2)).toEqual([
      '| `PORT` | a: `1`<br>b: `2` | a, b | set | Port. |',
      '| `SHARED` | — | a, b | inherited | Shared. |',
      '| `TOOL_PATH` | — | tests | inherited | A tool. |',
    ]);
  });

  it('says under npm start which variables the launcher sets for the processes it starts', () => {
    const specs = new ProcessSpecs(loadLauncherConfig({}), {});
    const secrets = { authPublicKey: 'pem', payloadEncryptionKeys: 'k', paymentWebhookSecret: 's' };
    const setByLauncher = new Set(
      [
        specs.api(secrets),
        specs.worker(secrets),
        ...SERVICES.map((service) => specs.service(service, 'postgres://db/x', secrets)),
        specs.readModel('postgres://db/order_read_model'),
      ].flatMap((spec) => Object.keys(spec.env)),
    );

    expect([...setByLauncher].filter((name) => !(name in UNDER_NPM_START))).toEqual([]);
  });

  it('is what docs/configuration.md shows (npm run docs:config updates it)', async () => {
    const document = await readFile(new URL(`../../${CONFIG_DOCUMENT}`, import.meta.url), 'utf8');
    // Prettier pads the table's cells and separator rows.
    const normalise = (text: string) => text.replace(/-{3,}/g, '---').replace(/\s+/g, ' ');
    expect(normalise(document)).toContain(normalise(configReference()));
    expect(normalise(withConfigReference(document))).toEqual(normalise(document));
  });
});
