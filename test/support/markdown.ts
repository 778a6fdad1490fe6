// Reading the repository's Markdown as GitHub renders it: the documents, their links outside code,
// their headings' anchors, and the code block under a heading.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = new URL('../../', import.meta.url).pathname;

/** README.md and every Markdown file under docs/, as paths relative to the repository root. */
export function documentationFiles(): string[] {
  const docs = readdirSync(join(REPO_ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name));
  return ['README.md', ...docs.sort()];
}

export function readDocument(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

/** The document's lines, with the lines of fenced code blocks blanked. */
function outsideFences(markdown: string): string[] {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined;
      lines.push('');
      continue;
    }
    lines.push(fence === undefined ? line : '');
  }
  return lines;
}

/** The text outside fenced code blocks and inline code, where links live. */
function prose(markdown: string): string[] {
  return outsideFences(markdown).map((line) => line.replace(/`[^`]*`/g, '``'));
}

export interface MarkdownLink {
  target: string;
  line: number;
}

/** Inline links and images, `[text](target)` and `<a href>`; autolinks and code are left out. */
export function links(markdown: string): MarkdownLink[] {
  return prose(markdown).flatMap((text, index) => [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => ({
      target: match[1] ?? '',
      line: index + 1,
    })),
    ...[...text.matchAll(/<a\s[^>]*href="([^"]+)"/g)].map((match) => ({
      target: match[1] ?? '',
      line: index + 1,
    })),
  ]);
}

/** The anchors GitHub gives the document's headings (`## Try it` → `try-it`, repeats → `-1`). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of outsideFences(markdown)) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = slugOf(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  for (const match of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(match[1] ?? '');
  return anchors;
}

function slugOf(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/**
 * The fenced code blocks of one section, in order: from the heading with this text to the next
 * heading of the same or a higher level, in the given languages. A block inside a list item loses
 * its indentation.
 */
export function codeBlocksUnder(
  markdown: string,
  headingText: string,
  languages: readonly string[] = ['sh', 'bash'],
): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^#{1,6}\\s+${headingText}\\s*$`).test(line));
  if (start < 0) return [];
  const level = /^#+/.exec(lines[start] ?? '')?.[0].length ?? 1;
  const blocks: string[] = [];
  let block: { indent: number; lines: string[] } | undefined;
  for (const line of lines.slice(start + 1)) {
    if (block === undefined) {
      const heading = /^(#{1,6})\s/.exec(line)?.[1];
      if (heading !== undefined && heading.length <= level) break;
      const fence = /^(\s*)```(\w+)\s*$/.exec(line);
      if (fence && languages.includes(fence[2] ?? ''))
        block = { indent: fence[1]?.length ?? 0, lines: [] };
    } else if (/^\s*```\s*$/.test(line)) {
      blocks.push(block.lines.join('\n'));
      block = undefined;
    } else {
      block.lines.push(line.slice(Math.min(block.indent, line.length - line.trimStart().length)));
    }
  }
  return blocks;
}
