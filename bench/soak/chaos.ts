// What goes wrong while the orders run: faults switched on and off at every participant, the
// worker SIGKILLed and restarted, each participant and the order read model restarted in turn.
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICES, type ServiceName } from '../../apps/launcher/launcher-env.js';
import type { OutageLog } from './outages.js';
import { NO_FAULTS, type FaultSettings, type ParticipantsClient } from './participants-client.js';
import type { Random } from './random.js';
import type { SoakStack } from './stack.js';

export interface ChaosSettings {
  killMinSeconds: number;
  killMaxSeconds: number;
  minWorkerKills: number;
  restartEverySeconds: number;
}

export interface ChaosCounts {
  workerKills: number;
  participantRestarts: Record<ServiceName, number>;
  readModelRestarts: number;
  /** Faults switched on, by participant and phase. */
  faultToggles: Record<ServiceName, { before: number; after: number }>;
  /** Problems the chaos itself ran into (a part that did not come back…). */
  problems: string[];
}

export class Chaos {
  readonly counts: ChaosCounts = {
    workerKills: 0,
    participantRestarts: { inventory: 0, payment: 0, shipping: 0 },
    readModelRestarts: 0,
    faultToggles: {
      inventory: { before: 0, after: 0 },
      payment: { before: 0, after: 0 },
      shipping: { before: 0, after: 0 },
    },
    problems: [],
  };
  private readonly stopping = new AbortController();
  private loops: Promise<void>[] = [];
  private stopRequested = false;
  private killsEnded = false;
  /** Parts being restarted: the fault toggler leaves them alone. */
  private readonly restarting = new Set<ServiceName>();

  constructor(
    private readonly stack: SoakStack,
    private readonly participants: ParticipantsClient,
    private readonly outages: OutageLog,
    private readonly random: Random,
    private readonly settings: ChaosSettings,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    this.loops = [
      this.guard('worker kills', () => this.killWorkers()).finally(() => {
        this.killsEnded = true;
      }),
      this.guard('participant restarts', () => this.restartParticipants()),
      ...SERVICES.map((service) =>
        this.guard(`${service} faults`, () => this.toggleFaults(service)),
      ),
    ];
  }

  /**
   * Ends the chaos once the worker has been killed often enough, then leaves every part
   * running without faults, so that the orders can finish.
   */
  async stop(): Promise<void> {
    this.stopRequested = true;
    while (this.counts.workerKills < this.settings.minWorkerKills && !this.killsEnded) {
      await sleep(200);
    }
    this.stopping.abort();
    await Promise.all(this.loops);
    if (!this.stack.isRunning('worker')) await this.stack.startWorker();
    if (!this.stack.isRunning('read-model')) await this.stack.restartReadModel('SIGTERM');
    for (const service of SERVICES) {
      if (!this.stack.isRunning(service)) await this.stack.restartService(service, 'SIGTERM');
      if (!(await this.participants.setFaults(service, NO_FAULTS))) {
        this.counts.problems.push(`could not clear the faults of the ${service} service`);
      }
    }
  }

  private get active(): boolean {
    return !this.stopping.signal.aborted;
  }

  private async killWorkers(): Promise<void> {
    const { killMinSeconds, killMaxSeconds, minWorkerKills } = this.settings;
    while (this.active) {
      // Once the orders are placed, the remaining kills needed come sooner.
      const hurry = this.stopRequested && this.counts.workerKills < minWorkerKills;
      const seconds = hurry ? 2 : this.random.int(killMinSeconds, killMaxSeconds);
      if (!(await this.pause(seconds * 1000))) return;
      const up = this.outages.begin('worker');
      this.stack.killWorker();
      this.counts.workerKills += 1;
      this.log(`  worker SIGKILLed (${this.counts.workerKills})`);
      await sleep(this.random.int(500, 3000));
      await this.stack.startWorker();
      up();
    }
  }

  /** The participants in turn; after each round, the read model (the API's lists and health). */
  private async restartParticipants(): Promise<void> {
    const parts = [...SERVICES, 'read-model'] as const;
    let turn = 0;
    while (await this.pause(this.settings.restartEverySeconds * 1000)) {
      const part = parts[turn % parts.length] ?? 'inventory';
      // Alternating, and swapped each round: every part gets both (there are four of them).
      const round = Math.floor(turn / parts.length);
      const how = (turn + round) % 2 === 0 ? 'SIGTERM' : 'SIGKILL';
      turn += 1;
      if (part !== 'read-model') this.restarting.add(part);
      // The orders' own requests never reach the read model: its outage excuses no 503.
      const up = part === 'read-model' ? () => undefined : this.outages.begin(part);
      try {
        if (part === 'read-model') await this.stack.restartReadModel(how);
        else await this.stack.restartService(part, how);
      } finally {
        up();
        if (part !== 'read-model') this.restarting.delete(part);
      }
      if (part === 'read-model') this.counts.readModelRestarts += 1;
      else this.counts.participantRestarts[part] += 1;
      this.log(`  ${part} restarted (${how})`);
    }
  }

  private async toggleFaults(service: ServiceName): Promise<void> {
    while (await this.pause(this.random.int(2000, 6000))) {
      if (this.restarting.has(service)) continue;
      const faults: FaultSettings = {
        errorRate: this.random.pick([0.2, 0.35, 0.5, 1]),
        latencyMs: this.random.pick([0, 0, 100, 300, 800]),
        phase: this.random.chance(0.5) ? 'before' : 'after',
      };
      if (!(await this.participants.setFaults(service, faults))) continue;
      this.counts.faultToggles[service][faults.phase] += 1;
      // A full outage (errorRate 1) is kept short: the steps have a few attempts only.
      await this.pause(
        faults.errorRate === 1 ? this.random.int(1000, 3000) : this.random.int(2000, 6000),
      );
      await this.participants.setFaults(service, NO_FAULTS);
    }
  }

  /** Sleeps; false when the chaos stopped meanwhile. */
  private async pause(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.stopping.signal });
      return true;
    } catch {
      return false;
    }
  }

  private async guard(what: string, loop: () => Promise<void>): Promise<void> {
    try {
      await loop();
    } catch (error) {
      this.counts.problems.push(
        `${what}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
