import { currentBackupStatus, describeCommandFailure, describeStaleness } from '@/lib/server/backup/backup-status';
import Link from 'next/link';

/** On every console page while the last verified backup is older than twice BACKUP_INTERVAL, or BACKUP_COMMAND failed last time. */
export async function BackupBanner() {
  const status = await currentBackupStatus().catch(() => null);
  if (!status) return null;
  const stale = describeStaleness(status);
  const command = describeCommandFailure(status.command);
  if (!stale && !command) return null;
  return (
    <div className="flash flash-error" role="alert" data-testid="backup-warning">
      {stale ? (
        <p>
          <strong>{stale}.</strong>
        </p>
      ) : null}
      {command ? (
        <p>
          <strong>{command}.</strong> The backup itself is kept in BACKUP_DIR, but it has not been shipped off this machine.
        </p>
      ) : null}
      <p>
        See <Link href="/admin/backups">Backups</Link> and the log (component &quot;backup&quot;); <code>candor backup</code> takes one now.
      </p>
    </div>
  );
}
