import { Icon, iconForEmoji } from './icons';

/** An app icon: an image URL, or an emoji drawn as one of the wallet's SVG icons on a tile. */
export function AppIcon({ icon, size = 'normal' }: { icon: string; size?: 'normal' | 'large' }) {
  const className = `app-icon ${size}`;
  return /^(https?:|data:|\/)/.test(icon) ? (
    <img className={className} src={icon} alt="" />
  ) : (
    <span className={className} aria-hidden="true" data-emoji={icon}>
      <Icon name={iconForEmoji(icon)} size={size === 'large' ? 30 : 28} />
    </span>
  );
}
