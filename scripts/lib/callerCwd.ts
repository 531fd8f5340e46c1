/**
 * `npm run <script>` starts a script in the repository, whatever folder it was typed in; npm
 * keeps that folder in INIT_CWD. Paths given on the command line (`--config`, `--data-dir`, `--out`)
 * are the user's, so the script moves back there. Only under its own `npm run` entry: a stale
 * INIT_CWD inherited from another npm run (a test runner's, say) must not move it.
 */
export function useCallerCwd(script: string): void {
  const initCwd = process.env['INIT_CWD'];
  if (process.env['npm_lifecycle_event'] === script && initCwd) process.chdir(initCwd);
}
