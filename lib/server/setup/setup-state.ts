import { db } from '../db';

/** First run means no staff account exists yet: only then may /setup create one. */
export async function needsFirstAdmin(): Promise<boolean> {
  return (await db().user.count()) === 0;
}
