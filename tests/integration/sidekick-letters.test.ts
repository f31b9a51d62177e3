import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { cliActor, type Actor } from '@/lib/server/actor';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { importSubscribers } from '@/lib/server/subscribers/import-subscribers';
import { createNotice } from '@/lib/server/notices/create-notice';
import { approveNotice } from '@/lib/server/notices/approve-notice';
import { postUpdate } from '@/lib/server/incidents/post-update';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { parse, rawHeaders, waitFor } from './notify-fixtures';

// The "done when": on the seeded Sidekick scenario, a Telstra subscriber and a T-Mobile
// subscriber each receive exactly one correctly branded data-loss notice and one recovery notice.
// Recovery reaches Telstra once staff record that Telstra's data is coming back.

const INCIDENT = 'demo-sidekick-data-loss';
const TELSTRA = 'hiptop.reader@example.net';
const TMOBILE = 'sidekick.reader@example.com';

describe.each(DATABASE_KINDS)('the Sidekick letters on %s', (kind) => {
  let t: TestDatabase;
  let sink: Sink;
  let worker: RunningWorker;
  let alice: Actor;
  let bob: Actor;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    sink = await startSink({ keep: 2000 });
    installTransport(sink.url);
    await loadDemo({ actor: cliActor, now: new Date() });
    const a = await t.handle.db.user.create({ data: { email: 'alice@candor.test', name: 'Alice', role: 'responder', passwordHash: 'x' } });
    const b = await t.handle.db.user.create({ data: { email: 'bob@candor.test', name: 'Bob', role: 'responder', passwordHash: 'x' } });
    alice = { type: 'user', userId: a.id, label: 'Alice', role: 'responder' };
    bob = { type: 'user', userId: b.id, label: 'Bob', role: 'responder' };
    const imported = await importSubscribers({
      actor: alice,
      rows: [
        { email: TELSTRA, regions: ['telstra-au'], components: 'all', time_zone: 'Australia/Sydney', skip_confirmation: true },
        { email: TMOBILE, regions: ['tmobile-us'], components: 'all', time_zone: 'America/Los_Angeles', skip_confirmation: true },
      ],
    });
    expect(imported.rejected).toBe(0);
    worker = await startWorker({ pollMs: 100, domainRate: 0 });
  });
  afterAll(async () => {
    await worker.stop();
    await closeTransport();
    await sink.stop();
    await t.drop();
  });

  const lettersTo = (address: string) => sink.messages.filter((m) => m.to[0] === address);
  const sent = (id: string) => async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id } })).status === 'sent';

  it('sends each carrier one branded data-loss notice and one recovery notice', async () => {
    const loss = await createNotice({ actor: alice, input: { incident: INCIDENT, kind: 'data_loss' } });
    await approveNotice({ actor: bob, id: loss.id });
    await waitFor('data-loss notice sent', sent(loss.id), 60_000);

    const telstraLoss = await parse(lettersTo(TELSTRA)[0]!);
    const tmobileLoss = await parse(lettersTo(TMOBILE)[0]!);
    expect(telstraLoss.subject).toMatch(/Hiptop data/);
    expect(telstraLoss.text).toContain('Telstra');
    expect(telstraLoss.text).not.toMatch(/Sidekick|T-Mobile/);
    expect(tmobileLoss.subject).toMatch(/Sidekick data/);
    expect(tmobileLoss.text).toContain('T-Mobile');
    expect(tmobileLoss.text).not.toMatch(/Hiptop|Telstra/);
    expect(telstraLoss.text).toMatch(/AE[DS]T/);
    expect(tmobileLoss.text).toMatch(/P[DS]T/);

    // Telstra's contacts start coming back: staff record it, then send the recovery notice.
    const incident = await t.handle.db.incident.findUniqueOrThrow({ where: { id: INCIDENT } });
    await postUpdate({
      actor: alice,
      input: {
        incident_id: INCIDENT,
        version: incident.version,
        status: incident.status,
        body: 'Recovery has started for Telstra Hiptop customers: contacts are coming back first.',
        impacts: [{ component: 'contacts', region: 'telstra-au', status: 'partial_outage', data_state: 'recovering', affected_users: 33_000, restored_users: 4_000 }],
      },
    });
    const recovery = await createNotice({ actor: alice, input: { incident: INCIDENT, kind: 'recovery' } });
    await waitFor('recovery notice sent', sent(recovery.id), 60_000);

    expect(lettersTo(TELSTRA)).toHaveLength(2);
    expect(lettersTo(TMOBILE)).toHaveLength(2);
    const telstraRecovery = await parse(lettersTo(TELSTRA)[1]!);
    const tmobileRecovery = await parse(lettersTo(TMOBILE)[1]!);
    expect(telstraRecovery.subject).toBe('Your Hiptop data is being recovered');
    expect(telstraRecovery.text).toContain('Contacts');
    expect(telstraRecovery.text).not.toMatch(/Sidekick|T-Mobile/);
    expect(tmobileRecovery.subject).toBe('Your Sidekick data is being recovered');
    expect(tmobileRecovery.text).not.toMatch(/Hiptop|Telstra/);
    for (const letter of [telstraLoss, tmobileLoss, telstraRecovery, tmobileRecovery]) expect(letter.html).toBeTruthy();
    for (const raw of [...lettersTo(TELSTRA), ...lettersTo(TMOBILE)]) expect(rawHeaders(raw)).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
  });
});
