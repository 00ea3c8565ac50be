/**
 * The peak resident memory of a process and all its descendants at one time, sampled from Linux's /proc: what a
 * command needs of the machine when its work is spread over processes (the runner waiting while a child builds the
 * DocSet). GNU time reports only the largest single process. Elsewhere (no /proc) the peak is NaN.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** How often the tree is sampled: a peak held for less than this may be missed (a figure's floor, never its excess). */
const EVERY_MS = 100;

/** Starts sampling the tree under `root`; `stop` ends it and gives the peak in MB. */
export function sampleTreeMemory(root: number): { stop(): number } {
  let peakKb = Number.NaN;
  const sample = (): void => {
    const kb = treeResidentKb(root);
    if (kb !== undefined) peakKb = Number.isNaN(peakKb) ? kb : Math.max(peakKb, kb);
  };
  sample();
  const timer = setInterval(sample, EVERY_MS);
  return {
    stop() {
      clearInterval(timer);
      return peakKb / 1024;
    },
  };
}

/** The resident memory of `root` and its descendants now, in kB; undefined without /proc. */
function treeResidentKb(root: number): number | undefined {
  let names: string[];
  try {
    names = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const children = new Map<number, number[]>();
  for (const name of names) {
    const parent = parentOf(name);
    if (parent === undefined) continue;
    const siblings = children.get(parent) ?? [];
    siblings.push(Number(name));
    children.set(parent, siblings);
  }
  let total = 0;
  const pending = [root];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    total += residentKb(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** A process's parent id, from /proc/<pid>/stat (its fourth field, after the parenthesised command name). */
function parentOf(pid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(parent) ? parent : undefined;
  } catch {
    return undefined; // ended between the listing and the read
  }
}

function residentKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}
