import { avatarFace, CONTROL_PATHS } from '../deps.js';
import type { Platform } from '../platform.js';

export function avatarUrl(platform: Platform, personaId: string): string {
  return `${platform.publicUrl}${CONTROL_PATHS.avatars}/${encodeURIComponent(personaId)}.svg`;
}

/** A persona's avatar: initials on a colour (avatarFace), so the sandbox needs no image files or network. */
export function avatarSvg(name: string, seed: string): string {
  const { initials, color } = avatarFace(name, seed);
  const text = initials.replace(/[<>&"']/g, '');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"><rect width="96" height="96" rx="48" fill="${color}"/><text x="48" y="60" font-family="sans-serif" font-size="38" font-weight="600" fill="#fff" text-anchor="middle">${text}</text></svg>`;
}
