import { db } from '../db';

/** The id of the staff user with this e-mail (compared in lower case), or undefined. */
export async function findUserIdByEmail(email: string): Promise<string | undefined> {
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  return user?.id;
}
