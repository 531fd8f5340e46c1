import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Bytes read (and decoded) at a time. Strings past ~128 KiB go to V8's large-object space, where
 * decoding a chunk costs ~25× more per byte (measured: 1 MiB chunks of a 87 MiB snapshot 700 ms,
 * 64 KiB chunks 24 ms), so the chunk stays small.
 */
const CHUNK = 1 << 16;
const NEWLINE = 0x0a;

/**
 * Calls `onLine` for every line of `file`, in order, reading it a chunk at a time, so the whole
 * file is never held at once (neither its bytes nor its text). Lines end at `\n`, which never
 * occurs inside a UTF-8 character, so cutting there is safe; the text after the last `\n` (empty
 * when the file ends with one) is the last line. Synchronous: it runs while a store opens, before
 * anyone is served.
 */
export function forEachLine(file: string, onLine: (line: string) => void): void {
  const fd = openSync(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(CHUNK);
    /** Bytes of a line not yet complete, at the start of `buffer`. */
    let carried = 0;
    for (;;) {
      if (carried === buffer.length) {
        // One line longer than the buffer: make room for the rest of it.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, carried);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, carried, buffer.length - carried, null);
      const end = carried + read;
      if (read === 0) {
        onLine(buffer.toString('utf8', 0, end));
        return;
      }
      const lastNewline = buffer.lastIndexOf(NEWLINE, end - 1);
      if (lastNewline < carried) {
        carried = end;
        continue;
      }
      // One decode per chunk; split gives the lines as slices of it.
      const lines = buffer.toString('utf8', 0, lastNewline).split('\n');
      for (const line of lines) onLine(line);
      carried = end - lastNewline - 1;
      buffer.copy(buffer, 0, lastNewline + 1, end);
    }
  } finally {
    closeSync(fd);
  }
}
