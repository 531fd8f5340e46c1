import { fullNameOf, type Persona } from '@mp-sandbox/protocol';

export const fullName = fullNameOf;

/** A persona's avatar as the platform serves it (initials on a colour unless they have a photo). */
export function Avatar({ persona, size = 44 }: { persona: Persona; size?: number }) {
  const src =
    persona.avatar ?? `/platform/sandbox/v1/avatars/${encodeURIComponent(persona.id)}.svg`;
  return <img className="avatar" src={src} alt="" width={size} height={size} />;
}
