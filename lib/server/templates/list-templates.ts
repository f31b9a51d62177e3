import { db } from '../db';

export async function listTemplates() {
  return db().updateTemplate.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }] });
}

export async function getTemplate(id: string) {
  return db().updateTemplate.findUnique({ where: { id } });
}
