import 'server-only';
import { loadPublicModel } from './load-public-model';
import { buildSnapshot } from './snapshot';
import { snapshotStore } from './store';
import { snapshotMetrics } from '../metrics/catalogue';

/**
 * Reads the database and replaces the snapshot. When the database does not answer, the last good
 * data is re-rendered marked stale (with its "as of" time) and the error is rethrown.
 */
export async function refreshSnapshot(now: () => Date = () => new Date()): Promise<void> {
  const store = snapshotStore();
  const started = performance.now();
  store.rebuilding += 1;
  try {
    const model = await loadPublicModel(now());
    store.current = buildSnapshot(model, now(), { previous: store.current });
    store.lastGood = model;
    store.failingSince = null;
    snapshotMetrics().rebuild.observe((performance.now() - started) / 1000);
  } catch (error) {
    snapshotMetrics().failures.inc();
    store.failingSince ??= now().toISOString();
    if (store.lastGood) store.current = buildSnapshot(store.lastGood, now(), { stale: true, previous: store.current });
    throw error;
  } finally {
    store.rebuilding -= 1;
  }
}
