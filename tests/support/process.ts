import type { ChildProcess } from 'node:child_process';

/** Stops a server process with SIGTERM, as an orchestrator does, and resolves with its exit code. */
export function stopProcess(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}
