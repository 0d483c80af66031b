/**
 * Exact decimal arithmetic on strings, enough for DecimalField rounding and range checks:
 * a decimal is `coefficient / 10^scale` with a bigint coefficient.
 */

/** An exact decimal: `coefficient × 10^-scale`. */
export interface ExactDecimal {
  readonly coefficient: bigint;
  readonly scale: number;
}

/** Rounding modes, named as in Python's `decimal` module (MongoEngine's `rounding` option). */
export const ROUNDING = {
  /** To nearest; ties away from zero (2.345 → 2.35). */
  ROUND_HALF_UP: 'ROUND_HALF_UP',
  /** To nearest; ties toward zero (2.345 → 2.34). */
  ROUND_HALF_DOWN: 'ROUND_HALF_DOWN',
  /** To nearest; ties to the even digit (banker's rounding). */
  ROUND_HALF_EVEN: 'ROUND_HALF_EVEN',
  /** Away from zero. */
  ROUND_UP: 'ROUND_UP',
  /** Toward zero (truncation). */
  ROUND_DOWN: 'ROUND_DOWN',
  /** Toward positive infinity. */
  ROUND_CEILING: 'ROUND_CEILING',
  /** Toward negative infinity. */
  ROUND_FLOOR: 'ROUND_FLOOR',
} as const;
/** One of the {@link ROUNDING} mode names. */
export type Rounding = (typeof ROUNDING)[keyof typeof ROUNDING];

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses `'-12.50'`, `'1.5E+3'`, `'.5'`; undefined for anything else (NaN, Infinity, '').
 *
 * @example
 * parseDecimal('12.50'); // { coefficient: 1250n, scale: 2 }
 */
export function parseDecimal(text: string): ExactDecimal | undefined {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) return undefined;
  const [, sign, intPart = '', fracPart = '', exp] = m;
  if (intPart === '' && fracPart === '') return undefined;
  let coefficient = BigInt(`${intPart}${fracPart}` || '0');
  let scale = fracPart.length - (exp ? Number(exp) : 0);
  if (scale < 0) {
    coefficient *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { coefficient: sign === '-' ? -coefficient : coefficient, scale };
}

/**
 * A JS number or bigint as an exact decimal (numbers through their shortest round-trip string).
 *
 * @example
 * toExactDecimal(0.1); // { coefficient: 1n, scale: 1 }
 */
export function toExactDecimal(value: number | bigint | string): ExactDecimal | undefined {
  if (typeof value === 'bigint') return { coefficient: value, scale: 0 };
  if (typeof value === 'number') return Number.isFinite(value) ? parseDecimal(String(value)) : undefined;
  return parseDecimal(value);
}

function rescale(d: ExactDecimal, scale: number): bigint {
  return d.coefficient * 10n ** BigInt(scale - d.scale);
}

/**
 * Compares two decimals numerically: negative, zero or positive.
 *
 * @example
 * compareDecimal(parseDecimal('1.10')!, parseDecimal('1.1')!); // 0
 */
export function compareDecimal(a: ExactDecimal, b: ExactDecimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Rounds to `places` decimals with a rounding mode.
 *
 * @example
 * roundDecimal(parseDecimal('2.345')!, 2, 'ROUND_HALF_UP'); // { coefficient: 235n, scale: 2 }
 */
export function roundDecimal(d: ExactDecimal, places: number, mode: Rounding): ExactDecimal {
  if (d.scale <= places) return { coefficient: rescale(d, places), scale: places };
  const divisor = 10n ** BigInt(d.scale - places);
  const negative = d.coefficient < 0n;
  const abs = negative ? -d.coefficient : d.coefficient;
  let q = abs / divisor;
  const r = abs % divisor;
  if (r !== 0n) {
    const twice = r * 2n;
    const half = twice === divisor ? 0 : twice > divisor ? 1 : -1;
    let up: boolean;
    switch (mode) {
      case 'ROUND_UP':
        up = true;
        break;
      case 'ROUND_DOWN':
        up = false;
        break;
      case 'ROUND_CEILING':
        up = !negative;
        break;
      case 'ROUND_FLOOR':
        up = negative;
        break;
      case 'ROUND_HALF_UP':
        up = half >= 0;
        break;
      case 'ROUND_HALF_DOWN':
        up = half > 0;
        break;
      case 'ROUND_HALF_EVEN':
        up = half > 0 || (half === 0 && q % 2n === 1n);
        break;
    }
    if (up) q += 1n;
  }
  return { coefficient: negative ? -q : q, scale: places };
}

/**
 * Plain notation with exactly `scale` decimals.
 *
 * @example
 * formatDecimal({ coefficient: -5n, scale: 2 }); // '-0.05'
 */
export function formatDecimal(d: ExactDecimal): string {
  const negative = d.coefficient < 0n;
  const digits = (negative ? -d.coefficient : d.coefficient).toString().padStart(d.scale + 1, '0');
  const int = digits.slice(0, digits.length - d.scale);
  const frac = digits.slice(digits.length - d.scale);
  const body = d.scale > 0 ? `${int}.${frac}` : int;
  return negative && /[1-9]/.test(digits) ? `-${body}` : body;
}
