import { escapeHtml } from '@/lib/domain/escape-html';
import type { ReactNode } from 'react';

// Renders the public views' element trees to HTML. Next refuses react-dom/server inside route
// handlers, and the snapshot is built both there and in the custom server, so this small renderer
// covers what the views use: function components, fragments, intrinsic elements, attributes,
// boolean attributes and dangerouslySetInnerHTML. Hooks and context are not supported.

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const FRAGMENT = Symbol.for('react.fragment');
const ATTRIBUTE_NAMES: Record<string, string> = {
  className: 'class',
  htmlFor: 'for',
  charSet: 'charset',
  dateTime: 'datetime',
  popoverTarget: 'popovertarget',
  popoverTargetAction: 'popovertargetaction',
  tabIndex: 'tabindex',
  colSpan: 'colspan',
  rowSpan: 'rowspan',
  httpEquiv: 'http-equiv',
  crossOrigin: 'crossorigin',
  referrerPolicy: 'referrerpolicy',
  autoComplete: 'autocomplete',
  maxLength: 'maxlength',
  viewBox: 'viewBox',
};
const SKIP = new Set(['children', 'key', 'ref', 'dangerouslySetInnerHTML']);


interface ElementLike {
  type: unknown;
  props: Record<string, unknown>;
}
const isElement = (node: unknown): node is ElementLike => typeof node === 'object' && node !== null && 'type' in node && 'props' in node;

/** `link` rewrites each <a href> (a language's pages keep their language from link to link). */
export interface RenderOptions {
  link?: (href: string) => string;
}

/** Prop names already checked to be plain attribute names, with the name they are written as. */
const checkedNames = new Map<string, string>();
function attributeName(key: string): string {
  let name = checkedNames.get(key);
  if (name === undefined) {
    if (!/^[a-zA-Z][a-zA-Z0-9:-]*$/.test(key)) throw new Error(`unsupported attribute ${key}`);
    name = ATTRIBUTE_NAMES[key] ?? (key.startsWith('aria-') || key.startsWith('data-') ? key : key.toLowerCase());
    checkedNames.set(key, name);
  }
  return name;
}

function attributes(type: string, props: Record<string, unknown>, options: RenderOptions): string {
  let out = '';
  for (const key in props) {
    const value = props[key];
    if (value === undefined || value === null || value === false || typeof value === 'function' || SKIP.has(key)) continue;
    const name = attributeName(key);
    if (value === true) {
      out += ` ${name}=""`;
      continue;
    }
    const text = type === 'a' && key === 'href' && options.link ? options.link(String(value)) : String(value);
    out += ` ${name}="${escapeHtml(text)}"`;
  }
  return out;
}

/** Appends a node's HTML to `out` (one string built left to right, no intermediate joins). */
function render(node: ReactNode, options: RenderOptions, out: { html: string }): void {
  if (node === null || node === undefined || typeof node === 'boolean') return;
  if (typeof node === 'string') {
    out.html += escapeHtml(node);
    return;
  }
  if (typeof node === 'number' || typeof node === 'bigint') {
    out.html += String(node);
    return;
  }
  if (Array.isArray(node)) {
    for (const n of node) render(n as ReactNode, options, out);
    return;
  }
  if (!isElement(node)) throw new Error('unsupported node in public view');
  const { type, props } = node;
  if (type === FRAGMENT) return render(props.children as ReactNode, options, out);
  if (typeof type === 'function') return render((type as (p: Record<string, unknown>) => ReactNode)(props), options, out);
  if (typeof type !== 'string') throw new Error('unsupported element type in public view');
  out.html += `<${type}${attributes(type, props, options)}>`;
  if (VOID.has(type)) return;
  const inner = props.dangerouslySetInnerHTML as { __html?: string } | undefined;
  if (inner?.__html !== undefined) out.html += inner.__html;
  else render(props.children as ReactNode, options, out);
  out.html += `</${type}>`;
}

export function renderHtml(node: ReactNode, options: RenderOptions = {}): string {
  const out = { html: '' };
  render(node, options, out);
  return out.html;
}
