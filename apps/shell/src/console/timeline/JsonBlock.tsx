/** A value as indented JSON, in monospace; text that is not JSON is shown as it is. */
export function JsonBlock({ value }: { value: unknown }) {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return <pre className="json">{text === '' ? '(empty)' : text}</pre>;
}
