import { db } from '../db';

export async function listGroups() {
  return db().componentGroup.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }], include: { _count: { select: { components: true } } } });
}
