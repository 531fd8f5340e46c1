const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Reads a duration as tests write it: `'90s'`, `'2h'`, `'31d'`, `'1h30m'`, or milliseconds as a
 * number. Returns undefined when it is not one.
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^-?\d+$/.test(text)) return Number(text);
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^-/, '');
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(body)) return undefined;
  let total = 0;
  for (const [, amount, , unit] of body.matchAll(/(\d+(\.\d+)?)(ms|s|m|h|d)/g))
    total += Number(amount) * UNITS[unit!]!;
  return sign * total;
}
