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

function attributes(type: string, props: Record<string, unknown>, options: RenderOptions): string {
  let out = '';
  for (const [key, value] of Object.entries(props)) {
    if (SKIP.has(key) || value === undefined || value === null || value === false || typeof value === 'function') continue;
    if (!/^[a-zA-Z][a-zA-Z0-9:-]*$/.test(key)) throw new Error(`unsupported attribute ${key}`);
    const name = ATTRIBUTE_NAMES[key] ?? (key.startsWith('aria-') || key.startsWith('data-') ? key : key.toLowerCase());
    const text = type === 'a' && key === 'href' && options.link ? options.link(String(value)) : String(value);
    out += value === true ? ` ${name}=""` : ` ${name}="${escapeHtml(text)}"`;
  }
  return out;
}

export function renderHtml(node: ReactNode, options: RenderOptions = {}): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string') return escapeHtml(node);
  if (typeof node === 'number' || typeof node === 'bigint') return String(node);
  if (Array.isArray(node)) return node.map((n) => renderHtml(n as ReactNode, options)).join('');
  if (!isElement(node)) throw new Error('unsupported node in public view');
  const { type, props } = node;
  if (type === FRAGMENT) return renderHtml(props.children as ReactNode, options);
  if (typeof type === 'function') return renderHtml((type as (p: Record<string, unknown>) => ReactNode)(props), options);
  if (typeof type !== 'string') throw new Error('unsupported element type in public view');
  const open = `<${type}${attributes(type, props, options)}>`;
  if (VOID.has(type)) return open;
  const inner = props.dangerouslySetInnerHTML as { __html?: string } | undefined;
  return `${open}${inner?.__html ?? renderHtml(props.children as ReactNode, options)}</${type}>`;
}
