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
import { loadPublicModel } from '@/lib/server/public/load-public-model';
import { buildSnapshot } from '@/lib/server/public/snapshot';
import { demoRegions } from '@/prisma/seed/demo-catalogue';
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
        body: 'Recovery has started for more customers.',
        bodies_by_region: { 'telstra-au': 'Recovery has started for your Hiptop: contacts are coming back first.' },
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

  it("lets each carrier's customers read only their own news: pages, feeds, JSON and every notice", async () => {
    const [tmobile, telstra] = ['tmobile-us', 'telstra-au'].map((slug) => demoRegions.find((r) => r.slug === slug)!);
    // Case-sensitive: names are proper nouns, and ids such as demo-sidekick-data-loss are not news.
    const namesOf = (r: typeof tmobile) => new RegExp(`${r!.carrier}|${r!.product}|${r!.name}`);
    const snap = buildSnapshot(await loadPublicModel(new Date()), new Date());
    const body = (path: string) => snap.entries.get(path)!.body.toString('utf8');
    // The page's own content: the header's carrier picker lists every carrier by design.
    const main = (path: string) => /<main[^>]*>([\s\S]*)<\/main>/.exec(body(path))![1]!;
    for (const [reader, other] of [[tmobile!, telstra!], [telstra!, tmobile!]] as const) {
      const regionId = snap.model.regions.find((r) => r.slug === reader.slug)!.id;
      const theirs = snap.model.incidents.filter((i) => [...i.impacts, ...i.updates.flatMap((u) => u.impacts)].some((x) => x.regionId === regionId));
      expect(theirs.length).toBeGreaterThan(2);
      const pages = [`/regions/${reader.slug}`, ...theirs.map((i) => `/regions/${reader.slug}/incidents/${i.id}`)];
      for (const path of pages) {
        expect(main(path), path).toMatch(new RegExp(reader.product));
        expect(main(path), path).not.toMatch(namesOf(other));
      }
      for (const ext of ['atom', 'rss']) {
        const feed = body(`/regions/${reader.slug}/feed.${ext}`);
        expect(feed).toContain(reader.product);
        expect(feed, `${reader.slug} ${ext}`).not.toMatch(namesOf(other));
      }
      const json = JSON.parse(body(`/api/v2/incidents.json?region=${reader.slug}`)) as { incidents: { name: string; incident_updates: { body: string }[] }[] };
      const news = json.incidents.flatMap((i) => [i.name, ...i.incident_updates.map((u) => u.body)]).join('\n');
      expect(news).toContain(reader.product);
      expect(news).not.toMatch(namesOf(other));
    }

    // Every notice this test and the one before sent, plus an update and an apology quoting the latest news.
    for (const kind of ['update', 'apology'] as const) {
      const notice = await createNotice({ actor: alice, input: { incident: INCIDENT, kind } });
      await waitFor(`${kind} notice sent`, sent(notice.id), 60_000);
    }
    const letters = await Promise.all([TMOBILE, TELSTRA].map(async (address) => Promise.all(lettersTo(address).map(parse))));
    expect(letters[0]!.length).toBe(4);
    expect(letters[1]!.length).toBe(4);
    for (const [k, reader, other] of [[0, tmobile!, telstra!], [1, telstra!, tmobile!]] as const) {
      for (const letter of letters[k]!) {
        expect(`${letter.subject}\n${letter.text}`).toContain(reader.product);
        expect(`${letter.subject}\n${letter.text}\n${letter.html}`, letter.subject).not.toMatch(namesOf(other));
      }
    }
    // The T-Mobile update quotes T-Mobile's own text of the latest update; Telstra's its own recovery news.
    const tmobileUpdate = letters[0]!.find((l) => /^Update on/.test(l.subject ?? ''))!;
    expect(tmobileUpdate.text!.replace(/\s+/g, ' ')).toContain('about 410,000 Sidekick customers now have their contacts back');
    const telstraUpdate = letters[1]!.find((l) => /^Update on/.test(l.subject ?? ''))!;
    expect(telstraUpdate.text!.replace(/\s+/g, ' ')).toContain('Recovery has started for your Hiptop');
  });
});
