// Serves the mini program; fills in where the wallet and the merchant server are.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';

const port = Number(process.env.VET_MINI_PROGRAM_PORT || 5173);
const shell = `http://127.0.0.1:${process.env.SHELL_PORT || 7700}`;
const merchant = `http://127.0.0.1:${process.env.VET_MERCHANT_PORT || 3000}`;
const files = { '/': ['index.html', 'text/html'], '/app.js': ['app.js', 'text/javascript'] };

createServer(async (req, res) => {
  const file = files[new URL(req.url, 'http://x').pathname];
  if (!file) return res.writeHead(404).end('not found');
  const text = (await readFile(new URL(file[0], import.meta.url), 'utf8'))
    .replace('__SHELL_URL__', shell)
    .replace('__MERCHANT_URL__', merchant);
  res
    .writeHead(200, { 'Content-Type': `${file[1]}; charset=utf-8`, 'Cache-Control': 'no-store' })
    .end(text);
}).listen(port, '127.0.0.1');
