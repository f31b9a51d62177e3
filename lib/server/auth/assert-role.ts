import type { Role } from '@/lib/generated/postgresql/enums';
import { hasRole, type Actor } from '../actor';
import { AppError } from '../errors';

/** Services check the role themselves, so a viewer is refused whatever door they came through. */
export function assertRole(actor: Actor, role: Role): void {
  if (!hasRole(actor, role)) throw Object.assign(new AppError('forbidden', `This needs the ${role} role; ${actor.label} has ${actor.role ?? 'no role'}.`), { digest: 'CANDOR_FORBIDDEN' });
}
