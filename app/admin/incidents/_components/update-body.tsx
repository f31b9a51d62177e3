import { renderMarkdown } from '@/lib/server/markdown';
import './update-body.css';

/** An update's Markdown as the public reads it: the same renderer (no raw HTML, safe links only). */
export function UpdateBody({ source }: { source: string }) {
  return <div className="update-body" dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}
