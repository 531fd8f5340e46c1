/**
 * The script-tag form: `<script src=".../my.js"></script>` defines `window.my`, as a real
 * container's global does. Built to dist/my.js (IIFE) by `npm run build`.
 */
import { connect } from './connect.js';
import { SANDBOX_MY } from './my.js';

const page = window as Window & { my?: unknown };
const existing = page.my;
const isOurs = typeof existing === 'object' && existing !== null && SANDBOX_MY in existing;

if (existing === undefined) {
  page.my = connect(window);
} else if (!isOurs) {
  // A real super app (or another shim) already provides my: shipping the sandbox must not break it.
  console.error(
    "[my] window.my already exists and is not the sandbox's (a real super app, or another my.* shim): the sandbox's jsapi leaves it alone. Do not ship the sandbox's my.js.",
  );
}
