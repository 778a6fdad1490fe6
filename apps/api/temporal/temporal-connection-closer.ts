import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Connection } from '@temporalio/client';

/** The process's one Temporal connection closes with the app. */
@Injectable()
export class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(Connection) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
