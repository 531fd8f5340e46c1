import { open, rename } from 'node:fs/promises';

/** Records serialised between two yields to the event loop. */
const SLICE = 2000;

/**
 * Writes `data` as the JSON file lowdb reads (one record per line, so people can read it), a slice
 * of records at a time, so a large store does not stop the server while it is written. Records
 * changed meanwhile may be caught old or new; the journal kept since the snapshot began has them.
 * The file is replaced atomically once it is complete and on disk.
 */
export async function writeSnapshotFile(
  file: string,
  data: Record<string, Record<string, unknown>>,
): Promise<void> {
  const tmp = `${file}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    const tables = Object.keys(data);
    await handle.write('{');
    for (const [t, table] of tables.entries()) {
      await handle.write(`${t === 0 ? '' : ','}\n  ${JSON.stringify(table)}: {`);
      const rows = Object.entries(data[table] ?? {});
      for (let start = 0; start < rows.length; start += SLICE) {
        const slice = rows
          .slice(start, start + SLICE)
          .map(([key, value]) => `\n    ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
        await handle.write((start === 0 ? '' : ',') + slice.join(','));
      }
      await handle.write(rows.length > 0 ? '\n  }' : '}');
    }
    await handle.write('\n}\n');
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
}
