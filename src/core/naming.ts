/** File names from prompts: readable, safe on every OS, and never the same twice in a folder. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const MAX_SLUG = 48;

export function slugify(prompt: string): string {
  const ascii = prompt
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let slug =
    ascii.length > MAX_SLUG ? ascii.slice(0, MAX_SLUG).replace(/-[^-]*$/, '') || ascii.slice(0, MAX_SLUG) : ascii;
  slug = slug.replace(/-+$/g, '');
  if (!slug) return 'image';
  return WINDOWS_RESERVED.test(slug) ? `${slug}-image` : slug;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Local time, sortable: 20261122-143005. */
export function timestamp(d: Date): string {
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

/** `red-panda-20261122-143005` or, for several images, `red-panda-20261122-143005-2`. */
export function baseName(prompt: string, date: Date, index: number, count: number): string {
  const stem = `${slugify(prompt)}-${timestamp(date)}`;
  return count > 1 ? `${stem}-${index + 1}` : stem;
}

/** The n-th name to try when earlier ones exist: name.png, name_2.png, name_3.png.... */
export function candidateName(base: string, ext: string, attempt: number): string {
  return attempt === 0 ? `${base}.${ext}` : `${base}_${attempt + 1}.${ext}`;
}
