/** The "Remove" link beside an armed fault or a consent policy of the console. */
export function RemoveButton({
  label,
  pending,
  onRemove,
}: {
  label: string;
  pending: boolean;
  onRemove: () => void;
}) {
  return (
    <button
      type="button"
      className="link-button"
      aria-label={label}
      disabled={pending}
      onClick={onRemove}
    >
      Remove
    </button>
  );
}
