/**
 * When a short-lived image link stops working, read from the link itself where it says so
 * (presigned S3/OSS/CloudFront style or a plain `expires`), else a day after creation: the
 * provider only promises "short-lived", and upstream links are reported to last about 24 h.
 */
export const ASSUMED_LIFETIME_MS = 24 * 60 * 60 * 1000;

function epochToMs(value: number): number {
  return value < 1e12 ? value * 1000 : value;
}

/** The span a Date can hold (±8.64e15 ms), narrowed to years 2000-2200: a time outside it is no expiry. */
const EARLIEST_MS = 946_684_800_000;
const LATEST_MS = 7_258_118_400_000;
const plausible = (ms: number): boolean => Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;

/**
 * When the link stops working. A time the link or the API states that is out of range (a huge
 * `expires` or `created`) is ignored rather than trusted, so the answer is always a valid date.
 */
export function linkExpiry(url: string, createdMs: number): { at: number; known: boolean } {
  // A Date holds ±8.64e15 ms: a `created` past that is no time at all.
  const created = Number.isFinite(createdMs) && Math.abs(createdMs) < 8e15 ? createdMs : Date.now();
  const assumed = { at: created + ASSUMED_LIFETIME_MS, known: false };
  const found = readExpiry(url);
  return found !== undefined && plausible(found) ? { at: found, known: true } : assumed;
}

function readExpiry(url: string): number | undefined {
  let q: URLSearchParams;
  try {
    q = new URL(url).searchParams;
  } catch {
    return undefined;
  }
  const get = (name: string): string | undefined => {
    for (const [k, v] of q) if (k.toLowerCase() === name) return v;
    return undefined;
  };
  const amzDate = get('x-amz-date');
  const amzExpires = get('x-amz-expires');
  if (amzDate && amzExpires && /^\d+$/.test(amzExpires)) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (m) return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) + Number(amzExpires) * 1000;
  }
  const expires = get('expires') ?? get('x-expires') ?? get('e');
  if (expires && /^\d{1,16}$/.test(expires)) return epochToMs(Number(expires));
  return undefined;
}
