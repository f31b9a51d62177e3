/**
 * Shortens text to a carrier's limit with an ellipsis, never cutting through a per-subscriber
 * marker ({{%...%}}), which is filled in only after the body is built.
 */
export function cap(s: string, n: number): string {
  if (s.length <= n) return s;
  let cut = s.slice(0, n - 1);
  const open = cut.lastIndexOf('{{%');
  if (open >= 0 && cut.indexOf('%}}', open) < 0) cut = cut.slice(0, open);
  return `${cut}…`;
}
