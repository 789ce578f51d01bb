/**
 * When a short-lived image link stops working, read from the link itself where it says so
 * (presigned S3/OSS/CloudFront style or a plain `expires`), else a day after creation: the
 * provider only promises "short-lived", and upstream links are reported to last about 24 h.
 */
export const ASSUMED_LIFETIME_MS = 24 * 60 * 60 * 1000;

function epochToMs(value: number): number {
  return value < 1e12 ? value * 1000 : value;
}

export function linkExpiry(url: string, createdMs: number): { at: number; known: boolean } {
  let q: URLSearchParams;
  try {
    q = new URL(url).searchParams;
  } catch {
    return { at: createdMs + ASSUMED_LIFETIME_MS, known: false };
  }
  const get = (name: string): string | undefined => {
    for (const [k, v] of q) if (k.toLowerCase() === name) return v;
    return undefined;
  };
  const amzDate = get('x-amz-date');
  const amzExpires = get('x-amz-expires');
  if (amzDate && amzExpires && /^\d+$/.test(amzExpires)) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (m) return { at: Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) + Number(amzExpires) * 1000, known: true };
  }
  const expires = get('expires') ?? get('x-expires') ?? get('e');
  if (expires && /^\d+$/.test(expires)) return { at: epochToMs(Number(expires)), known: true };
  return { at: createdMs + ASSUMED_LIFETIME_MS, known: false };
}
