import { db } from '../db';

export async function listRegions() {
  return db().region.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }] });
}
