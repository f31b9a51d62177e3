import { renderMarkdown } from '@/lib/server/markdown';
import './update-body.css';

/** An update's Markdown as the public reads it: the same renderer (no raw HTML, safe links only). */
export function UpdateBody({ source }: { source: string }) {
  return <div className="update-body" dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}

/** An update's own texts per carrier, each under the name of the customers who read it. */
export function RegionBodies({ bodies }: { bodies: { id: string; body: string; region: { carrier: string; product: string; position: number } }[] }) {
  if (bodies.length === 0) return null;
  return (
    <>
      {[...bodies]
        .sort((a, b) => a.region.position - b.region.position)
        .map((b) => (
          <div key={b.id} className="region-body">
            <p className="muted">
              For {b.region.carrier} {b.region.product} customers:
            </p>
            <UpdateBody source={b.body} />
          </div>
        ))}
    </>
  );
}
