import { db } from '../db';

/** Components in display order, with their group. */
export async function listComponents() {
  return db().component.findMany({ orderBy: [{ group: { position: 'asc' } }, { position: 'asc' }, { name: 'asc' }], include: { group: true } });
}
