/** An app icon: an image URL, or an emoji drawn on a tile. */
export function AppIcon({ icon, size = 'normal' }: { icon: string; size?: 'normal' | 'large' }) {
  const className = `app-icon ${size}`;
  return /^(https?:|data:|\/)/.test(icon) ? (
    <img className={className} src={icon} alt="" />
  ) : (
    <span className={className} aria-hidden="true">{icon}</span>
  );
}
