/**
 * CPU time spent by processes, read from /proc (Linux): what a bench's wall time is made of when
 * several processes (a server, the browser's, a worker's) share this machine's two cores.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** User + system seconds, and the parent pid, of a live process; undefined once it is gone. */
function stat(pid: number): { ppid: number; seconds: number } | undefined {
  try {
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / 100 };
  } catch {
    return undefined;
  }
}

/** What a Chromium process is, from its command line: browser, renderer, utility (storage, network…), gpu. */
function role(pid: number): string {
  try {
    // Chromium rewrites its command line into one space-separated string.
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    const type = args.find((a) => a.startsWith('--type='))?.slice(7);
    const service = args.find((a) => a.startsWith('--utility-sub-type='))?.slice(19).split('.').at(-1);
    return type ? (service ? `${type} (${service})` : type) : 'browser';
  } catch {
    return 'gone';
  }
}

/** Seconds of CPU of `root` and every process under it, by role; pids seen so far are kept, so a process that exits is still counted. */
export function processTree(root: number) {
  const seen = new Map<number, { role: string; seconds: number }>();
  const sample = () => {
    const parents = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      const pid = Number(entry);
      const s = Number.isInteger(pid) ? stat(pid) : undefined;
      if (s) parents.set(pid, s.ppid);
    }
    const inTree = (pid: number): boolean => pid === root || (parents.has(pid) && pid > 1 && inTree(parents.get(pid)!));
    for (const pid of parents.keys()) {
      if (!inTree(pid)) continue;
      const s = stat(pid);
      if (s) seen.set(pid, { role: seen.get(pid)?.role ?? role(pid), seconds: s.seconds });
    }
    return new Map(seen);
  };
  return {
    sample,
    /** CPU seconds by role between two samples. */
    spent(before: Map<number, { role: string; seconds: number }>, after: Map<number, { role: string; seconds: number }>) {
      const byRole: Record<string, number> = {};
      for (const [pid, { role, seconds }] of after) byRole[role] = (byRole[role] ?? 0) + seconds - (before.get(pid)?.seconds ?? 0);
      return byRole;
    },
  };
}
