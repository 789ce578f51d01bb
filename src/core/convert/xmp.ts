/**
 * The generation record as an XMP packet (WebP, JPEG and AVIF carry it; PNG keeps its text
 * chunks, pngText.ts), and a reader that finds the packet in any file's bytes the way the XMP
 * spec's packet scanning does: by its `<x:xmpmeta` wrapper, not through an image library. Pure.
 */

/** What every delivered image says about itself. */
export interface ImageRecord {
  readonly prompt: string;
  readonly model: string;
  /** The size asked of the model (e.g. `2048x2048`, `16:9@2K`), or '' where the model picks. */
  readonly size: string;
  readonly requestId?: string | undefined;
  readonly created: string;
  /** The delivered dimensions and format when the image was converted. */
  readonly delivered?: string | undefined;
  /** The names of the images it was edited or composed from, comma-separated. */
  readonly references?: string | undefined;
}

export const AISA_NS = 'https://aisa.one/ns/images/1.0/';

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
/** XML 1.0 allows no C0 controls but tab, LF, CR: they are dropped, the rest escaped. */
const xmlText = (s: string): string =>
  s
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is dropped
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);

const FIELDS: ReadonlyArray<keyof ImageRecord> = [
  'prompt',
  'model',
  'size',
  'requestId',
  'created',
  'delivered',
  'references',
];

/**
 * An XMP packet: dc:description (the prompt, as every photo tool shows it), xmp:CreatorTool,
 * xmp:CreateDate, and every field of the record in the aisa: namespace.
 */
export function xmpPacket(record: ImageRecord): string {
  const own = FIELDS.flatMap((k) => {
    const v = record[k];
    return v === undefined || v === '' ? [] : [`   <aisa:${k}>${xmlText(v)}</aisa:${k}>`];
  });
  return [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    `  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:aisa="${AISA_NS}">`,
    `   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xmlText(record.prompt)}</rdf:li></rdf:Alt></dc:description>`,
    '   <xmp:CreatorTool>AIsa Images</xmp:CreatorTool>',
    `   <xmp:CreateDate>${xmlText(record.created)}</xmp:CreateDate>`,
    ...own,
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

const unescapeXml = (s: string): string =>
  s.replace(
    /&(amp|lt|gt|quot|apos|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g,
    (_m, name: string, dec?: string, hex?: string) => {
      if (dec) return String.fromCodePoint(Math.min(Number(dec), 0x10ffff));
      if (hex) return String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff));
      return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[name] ?? '';
    },
  );

const OPEN = new TextEncoder().encode('<x:xmpmeta');
const CLOSE = new TextEncoder().encode('</x:xmpmeta>');

/** First index of `needle` in `hay` at or after `from`, or -1; linear for these short needles. */
function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  for (
    let i = hay.indexOf(first ?? 0, from);
    i >= 0 && i + needle.length <= hay.length;
    i = hay.indexOf(first ?? 0, i + 1)
  ) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/** The first XMP packet in a file's bytes (`<x:xmpmeta ...</x:xmpmeta>`), or undefined. */
export function findXmp(bytes: Uint8Array): string | undefined {
  const start = indexOf(bytes, OPEN, 0);
  if (start < 0) return undefined;
  const end = indexOf(bytes, CLOSE, start);
  if (end < 0) return undefined;
  return new TextDecoder().decode(bytes.subarray(start, end + CLOSE.length));
}

/** The record's fields as found in an XMP packet (only the aisa: ones and dc:description). */
export function readXmpRecord(xmp: string): Partial<Record<keyof ImageRecord | 'description', string>> {
  const out: Partial<Record<keyof ImageRecord | 'description', string>> = {};
  for (const m of xmp.matchAll(/<aisa:(\w{1,20})>([^<]*)<\/aisa:\1>/g)) {
    const key = m[1] as keyof ImageRecord;
    if (FIELDS.includes(key)) out[key] = unescapeXml(m[2] ?? '');
  }
  const description = /<dc:description>\s*<rdf:Alt>\s*<rdf:li[^>]*>([^<]*)<\/rdf:li>/.exec(xmp)?.[1];
  if (description !== undefined) out.description = unescapeXml(description);
  return out;
}
