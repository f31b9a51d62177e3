'use client';

import { useState } from 'react';

/**
 * The incident version a form's fields were built from. Kept from the first render: a page
 * refreshed under a form that was not rebuilt (its selects keep what they showed) still posts
 * the old version, so the server refuses it as stale instead of applying old values.
 */
export function VersionField({ version }: { version: number }) {
  const [seen] = useState(version);
  return <input type="hidden" name="version" value={seen} />;
}
