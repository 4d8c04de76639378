import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';

/**
 * Pid files for the embedded stack: they let a start refuse to share a data directory with a
 * live process, and clean up after a launcher that was killed with SIGKILL.
 */

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !zombie(pid);
}

/**
 * An exited process its parent has not reaped yet still answers kill(pid, 0). Orphans are
 * reaped by init, but not under every container init: a zombie holds no port or file, so it
 * counts as gone. Linux /proc; elsewhere no process counts as a zombie.
 */
function zombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "pid (command) state ...": the command may hold spaces and parentheses, the state follows the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
}

/** The pid recorded in `path` if that process still runs, else undefined. */
export async function livePid(path: string): Promise<number | undefined> {
  const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : undefined;
}

/** The command line of a live process (Linux /proc), to check a stale pid was not reused. */
export async function commandLine(pid: number): Promise<string> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return raw.split('\0').join(' ').trim();
}

export async function writePid(path: string, pid: number): Promise<void> {
  await writeFile(path, `${pid}\n`);
}

export async function removePid(path: string): Promise<void> {
  await rm(path, { force: true });
}
