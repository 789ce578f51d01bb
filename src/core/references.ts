/** The text that makes a document show an image, in the document's own syntax. */
export type ReferenceStyle = 'markdown' | 'html' | 'jsx' | 'css' | 'plain';

const BY_LANGUAGE: Record<string, ReferenceStyle> = {
  markdown: 'markdown',
  mdx: 'markdown',
  html: 'html',
  vue: 'html',
  'vue-html': 'html',
  svelte: 'html',
  astro: 'html',
  php: 'html',
  handlebars: 'html',
  erb: 'html',
  razor: 'html',
  javascriptreact: 'jsx',
  typescriptreact: 'jsx',
  css: 'css',
  scss: 'css',
  less: 'css',
  sass: 'css',
  stylus: 'css',
};

export function styleForLanguage(languageId: string): ReferenceStyle {
  return BY_LANGUAGE[languageId] ?? 'plain';
}

/** Relative, forward slashes, from the folder holding the document. */
export function relativePath(fromDocument: string, toFile: string): string {
  const from = fromDocument.replace(/\\/g, '/').split('/').slice(0, -1);
  const to = toFile.replace(/\\/g, '/').split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.slice(common).map(() => '..');
  return [...up, ...to.slice(common)].join('/');
}

/** Percent-encodes what would end or split a link: spaces, parentheses, quotes, angle brackets. */
function encodeLink(path: string): string {
  return path.replace(/[ ()"'<>#?%]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

const escapeHtmlAttr = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const escapeJsxAttr = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/[{}]/g, (c) => (c === '{' ? '&#123;' : '&#125;'))
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

/** One line, no more than ~100 characters: alt text is a caption, not the whole prompt. */
export function altText(prompt: string): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  return line.length > 100 ? `${line.slice(0, 99).replace(/\s\S*$/, '')}…` : line;
}

export function referenceSnippet(style: ReferenceStyle, path: string, alt: string): string {
  const a = altText(alt);
  switch (style) {
    case 'markdown':
      return `![${a.replace(/([\\[\]])/g, '\\$1')}](${encodeLink(path)})`;
    case 'html':
      return `<img src="${escapeHtmlAttr(encodeLink(path))}" alt="${escapeHtmlAttr(a)}">`;
    case 'jsx':
      return `<img src="${escapeJsxAttr(encodeLink(path))}" alt="${escapeJsxAttr(a)}" />`;
    case 'css':
      return `url("${path.replace(/(["\\])/g, '\\$1').replace(/\n/g, '\\a ')}")`;
    case 'plain':
      return JSON.stringify(path);
  }
}
