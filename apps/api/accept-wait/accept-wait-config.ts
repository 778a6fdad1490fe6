/** When POST /orders answers 202 at once instead of waiting for the reservation. */
export interface AcceptWaitConfig {
  /** Off: every POST waits (as long as the accept wait is above 0). */
  adaptive: boolean;
  /** A backlog at least this old (ms) means the reservation cannot settle within the wait. */
  backlogAgeThresholdMs: number;
  /**
   * From this many active orders (started lately and still running) a new one's reservation
   * queues behind theirs: POST does not wait for it.
   */
  busyActiveOrders: number;
  /** How often the checkout's load is read in the background while orders are being posted (ms). */
  checkIntervalMs: number;
  /** How long a wait that ran out keeps the next POSTs from waiting (ms). */
  holdAfterTimeoutMs: number;
}
