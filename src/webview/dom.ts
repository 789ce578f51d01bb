/** A few DOM helpers: elements from data by createElement and textContent, never by HTML strings. */
import { ICONS, type IconName } from './icons';

type Child = Node | string | false | null | undefined;
type Prop = string | number | boolean | undefined | ((e: Event) => void);

/**
 * `h('button', { class: 'x', 'aria-label': 'Open', onclick: f }, 'text')`. Strings become text
 * nodes; `true` sets an empty attribute, `false`/undefined leaves it out; `on*` adds a listener.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, Prop> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== false && c !== null && c !== undefined) el.append(c);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A codicon as inline SVG in the text colour, hidden from screen readers (its button has the label). */
export function icon(name: IconName, extraClass = ''): SVGSVGElement {
  const data = ICONS[name];
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', data.viewBox);
  svg.setAttribute('class', `icon icon-${name}${extraClass ? ` ${extraClass}` : ''}`);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const p of data.paths) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', p.d);
    if ('evenOdd' in p) path.setAttribute('fill-rule', 'evenodd');
    svg.append(path);
  }
  return svg;
}

/** An icon button: the label is both the accessible name and the tooltip. */
export function iconButton(
  name: IconName,
  label: string,
  onClick: () => void,
  props: Record<string, Prop> = {},
): HTMLButtonElement {
  return h(
    'button',
    { type: 'button', class: 'icon-button', 'aria-label': label, title: label, onclick: onClick, ...props },
    icon(name),
  );
}

export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el as T;
}
