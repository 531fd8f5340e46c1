const result = document.querySelector<HTMLDivElement>('#result')!;

export type Outcome = 'success' | 'fail' | 'returned' | 'threw';

/** Writes one answer to the status region: `<api>: <outcome> <JSON>`, and which callbacks ran. */
export function report(
  api: string,
  outcome: Outcome,
  value: unknown,
  callbacks: string[] = [],
): void {
  result.className = outcome === 'success' || outcome === 'returned' ? 'success' : 'fail';
  const text = value === undefined ? '' : ` ${JSON.stringify(value)}`;
  result.textContent = `${api}: ${outcome}${text}${callbacks.length ? ` [${callbacks.join(', ')}]` : ''}`;
}

export function waiting(api: string): void {
  result.className = '';
  result.textContent = `${api}: waiting…`;
}
