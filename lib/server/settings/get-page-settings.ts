import { db } from '../db';

export async function getPageSettings() {
  return db().pageSettings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} });
}
