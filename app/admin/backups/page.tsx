import type { Metadata } from 'next';
import { formatInterval } from '@/lib/domain/backup-schedule';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { backupOverview } from '@/lib/server/backup/backup-status';
import { DataTable } from '../_components/data-table';
import { When } from '../_components/labels';

export const metadata: Metadata = { title: 'Backups' };

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let n = bytes / 1024;
  let unit = 0;
  while (n >= 1024 && unit < units.length - 1) {
    n /= 1024;
    unit++;
  }
  return `${n.toFixed(n < 10 ? 1 : 0)} ${units[unit]}`;
}

const FRESHNESS = { fresh: 'Up to date', pending: 'No backup yet', stale: 'Overdue', off: 'Scheduled backups are off' } as const;

export default async function BackupsPage() {
  await requireStaff('viewer');
  const { status, recent, settings } = await backupOverview();
  const last = status.last;
  return (
    <>
      <h1>Backups</h1>
      <p className="muted">
        Every backup is verified by restoring it into a scratch database before it gets its name. The schedule is shared by every instance of this database: one backup per interval between them.
      </p>
      <section className="panel stack" aria-labelledby="backup-status" data-testid="backup-status">
        <h2 id="backup-status">
          {FRESHNESS[status.freshness.state]}
        </h2>
        <dl className="kv kv-stack">
          <dt>Last successful backup</dt>
          <dd data-testid="backup-last">
            {last ? (
              <>
                <When at={last.takenAt} />, {size(last.bytes)}, {last.verified ? 'verified' : 'not verified'} <span className="muted">({last.file}{last.host ? ` on ${last.host}` : ''})</span>
              </>
            ) : (
              'none yet'
            )}
          </dd>
          <dt>Next scheduled</dt>
          <dd data-testid="backup-next">
            {status.intervalMs === null ? 'none: BACKUP_INTERVAL=off' : status.running ? <>in progress since <When at={status.running.startedAt} /></> : status.nextAt ? <When at={status.nextAt} /> : 'within a minute of the next start'}
          </dd>
          {status.lastRun && !status.lastRun.ok ? (
            <>
              <dt>Last attempt</dt>
              <dd>
                failed at <When at={new Date(status.lastRun.finishedAt)} />: {status.lastRun.message}
              </dd>
            </>
          ) : null}
          {status.command ? (
            <>
              <dt>BACKUP_COMMAND</dt>
              <dd data-testid="backup-command">
                {status.command.ok ? 'succeeded' : 'failed'} at <When at={new Date(status.command.at)} />: {status.command.message}
                {!status.command.ok && status.command.stderrTail ? <pre className="audit-json">{status.command.stderrTail}</pre> : null}
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="panel stack" aria-labelledby="backup-settings">
        <h2 id="backup-settings">Settings of this instance</h2>
        <dl className="kv kv-stack">
          <dt>Interval (BACKUP_INTERVAL)</dt>
          <dd>
            {settings.intervalMs !== null
              ? formatInterval(settings.intervalMs)
              : status.scheduledElsewhere
                ? `off on this instance; another instance of this database backs up every ${formatInterval(status.intervalMs!)}`
                : 'off'}
          </dd>
          <dt>Folder (BACKUP_DIR)</dt>
          <dd>
            <code>{settings.dir}</code>
          </dd>
          <dt>Kept (BACKUP_KEEP)</dt>
          <dd>the newest {settings.keep}</dd>
          <dt>Shipped by (BACKUP_COMMAND)</dt>
          <dd>{settings.commandProgram ? <code>{settings.commandProgram} …</code> : 'nothing: set BACKUP_COMMAND to copy each backup off this machine'}</dd>
        </dl>
        <p className="muted">Set with environment variables (see the README, Backups). A backup holds the instance secret: keep it as safe as the database.</p>
      </section>
      <h2>Recent backups</h2>
      <DataTable
        label="Recent backups"
        columns={['Taken', 'Size', 'Verified', 'File', 'By']}
        rows={recent}
        empty={<p className="panel">No backup has been taken yet.</p>}
        row={(b) => (
          <tr key={`${b.sha256}-${b.file}`}>
            <td>
              <When at={b.takenAt} />
            </td>
            <td>{size(b.bytes)}</td>
            <td>{b.verified ? 'yes' : 'no'}</td>
            <td>
              <code>{b.file}</code>
              {b.host ? <span className="muted"> on {b.host}</span> : null}
            </td>
            <td>{b.by}</td>
          </tr>
        )}
      />
    </>
  );
}
