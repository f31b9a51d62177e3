import Link from 'next/link';

/** Newer/older links under a paged list; nothing when everything fits on one page. */
export function Pager({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 ? <Link href={href(page - 1)}>Newer</Link> : <span />}
      <span className="muted">
        Page {page} of {pages}
      </span>
      {page < pages ? <Link href={href(page + 1)}>Older</Link> : <span />}
    </nav>
  );
}
