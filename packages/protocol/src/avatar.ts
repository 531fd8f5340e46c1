/** The colours a drawn avatar is filled with; the persona's id picks one, so it never changes. */
const AVATAR_COLORS = ['#1677ff', '#13a8a8', '#d4380d', '#722ed1', '#389e0d', '#c41d7f'];

/** A persona's drawn avatar: up to two initials of `name`, on a colour chosen by `seed`. */
export interface AvatarFace {
  initials: string;
  color: string;
}

/**
 * The one definition of the avatar a persona without a photo has: the platform serves it as an
 * SVG file (for user-info answers) and the wallet draws the same face inline.
 */
export function avatarFace(name: string, seed: string): AvatarFace {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]!.toUpperCase())
    .join('');
  const sum = [...seed].reduce((total, c) => total + c.charCodeAt(0), 0);
  return { initials, color: AVATAR_COLORS[sum % AVATAR_COLORS.length]! };
}
