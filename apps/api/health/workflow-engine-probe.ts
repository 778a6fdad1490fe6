/** Tells whether the workflow engine answers. */
export abstract class WorkflowEngineProbe {
  /** Resolves with details worth showing when the engine answers; rejects otherwise. */
  abstract ping(signal: AbortSignal): Promise<Record<string, unknown>>;
}
