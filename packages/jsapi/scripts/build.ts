import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bundleScript } from './buildScript.js';

// Each file is written beside its place and renamed into it: a page (or a second build running at
// the same time, as parallel test workers do) never reads half a file.
for (const file of await bundleScript({ sourcemap: true })) {
  mkdirSync(dirname(file.path), { recursive: true });
  const partial = `${file.path}.${process.pid}.partial`;
  writeFileSync(partial, file.contents);
  renameSync(partial, file.path);
}
console.log('built dist/my.js: <script src=".../my.js"></script> defines window.my');
