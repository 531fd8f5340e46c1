import { avatarFace, fullNameOf, type Persona } from '@mp-sandbox/protocol';

export const fullName = fullNameOf;

/**
 * A persona's avatar: their photo, or the face the platform's avatar file shows (initials on a
 * colour), drawn inline: an SVG image would cost a request and, in a fresh browser, a document of
 * its own before the home's first paint.
 */
export function Avatar({ persona, size = 44 }: { persona: Persona; size?: number }) {
  if (persona.avatar)
    return <img className="avatar" src={persona.avatar} alt="" width={size} height={size} />;
  const { initials, color } = avatarFace(`${persona.firstName} ${persona.lastName}`, persona.id);
  return (
    <svg className="avatar" width={size} height={size} viewBox="0 0 96 96" aria-hidden="true">
      <rect width="96" height="96" rx="48" fill={color} />
      <text x="48" y="60" fill="#fff" font-size="38" font-weight="600" text-anchor="middle">
        {initials}
      </text>
    </svg>
  );
}
