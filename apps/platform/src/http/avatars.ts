import { CONTROL_PATHS } from '../deps.js';
import type { Platform } from '../platform.js';

const COLORS = ['#1677ff', '#13a8a8', '#d4380d', '#722ed1', '#389e0d', '#c41d7f'];

export function avatarUrl(platform: Platform, personaId: string): string {
  return `${platform.publicUrl}${CONTROL_PATHS.avatars}/${encodeURIComponent(personaId)}.svg`;
}

/** A persona's avatar: initials on a colour, so the sandbox needs no image files or network. */
export function avatarSvg(name: string, seed: string): string {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
  const color = COLORS[[...seed].reduce((sum, c) => sum + c.charCodeAt(0), 0) % COLORS.length];
  const text = initials.replace(/[<>&"']/g, '');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"><rect width="96" height="96" rx="48" fill="${color}"/><text x="48" y="60" font-family="sans-serif" font-size="38" font-weight="600" fill="#fff" text-anchor="middle">${text}</text></svg>`;
}
