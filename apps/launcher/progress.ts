import { relative, sep } from 'node:path';

/** The launcher's own output: short lines on the terminal (the processes log to files). */
export interface Progress {
  /** A heading or a plain line. */
  line(text: string): void;
  /** `  ✓ what  detail (1.2 s)` */
  done(what: string, detail: string, milliseconds?: number): void;
  /** An indented remark under the current step. */
  note(text: string): void;
  /** `  ✗ text`, for what went wrong. */
  problem(text: string): void;
}

export function formatSeconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

export function writeProgress(write: (text: string) => void): Progress {
  return {
    line: (text) => {
      write(`${text}\n`);
    },
    done: (what, detail, milliseconds) => {
      const took = milliseconds === undefined ? '' : ` (${formatSeconds(milliseconds)})`;
      write(`  ✓ ${what.padEnd(22)} ${detail}${took}\n`);
    },
    note: (text) => {
      write(`${indent(text, '    ')}\n`);
    },
    problem: (text) => {
      write(`  ✗ ${indent(text, '    ').trimStart()}\n`);
    },
  };
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

/** Relative to the working folder when inside it (`.data/logs`), else absolute. */
export function displayPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside === '' || inside.startsWith('..') || inside.startsWith(sep) ? path : inside;
}
