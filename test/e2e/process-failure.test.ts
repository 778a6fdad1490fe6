// A process of npm start that dies takes the rest down with it, with a message naming it and its
// log, rather than leaving a half-working system.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { removeDataDir, startStack, stillRunning, type E2eStack } from '../support/e2e-stack.js';

describe('a process of npm start that dies', () => {
  let stack: E2eStack;

  beforeAll(async () => {
    stack = await startStack();
    console.log(`e2e stack (process failure) up in ${stack.startSeconds.toFixed(1)} s`);
  }, 300_000);

  afterAll(async () => {
    await stack.stop();
    await removeDataDir(stack.dataDir);
  }, 120_000);

  it('stops all the others, names it and its log, and exits 1', async () => {
    const inventory = stack.processes.find((process) => process.name === 'inventory');
    if (!inventory) throw new Error('The launcher registered no inventory process');

    process.kill(inventory.pid, 'SIGKILL');
    const { code, output } = await stack.exited;

    expect(code).toBe(1);
    expect(output).toMatch(
      /the inventory service stopped unexpectedly \(killed by SIGKILL\)\. Its log: \S*logs\/inventory\.log/,
    );
    expect(await stillRunning(stack.processes)).toEqual([]);
  }, 120_000);
});
