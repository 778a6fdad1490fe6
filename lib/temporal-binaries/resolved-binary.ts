export type BinarySource = 'env' | 'path' | 'cache' | 'built';

export interface ResolvedBinary {
  path: string;
  source: BinarySource;
}

export type ProgressLog = (line: string) => void;

export interface ResolveOptions {
  /** Environment to read the variables from; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Build a missing binary into the cache (the slow step); defaults to true. */
  build?: boolean;
  /** Receives progress lines; defaults to stderr. */
  log?: ProgressLog;
}
