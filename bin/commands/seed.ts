import type { Command } from '../command';
import { CliError } from '../command';
import { cliActor } from '@/lib/server/actor';

export const seedDemoCommand: Command = {
  path: ['seed', 'demo'],
  summary: 'Load the demo scenario (the 2009 Sidekick data-loss week)',
  help: `Usage: candor seed demo [--now <ISO time>]

Loads the demo scenario: the "Danger Cloud Services" page, its services,
three carrier regions (T-Mobile US "Sidekick", Telstra AU "Hiptop", and
Rogers CA, unaffected), the open data-loss incident with its timeline, a
planned maintenance, 90 days of smaller incidents and a few hundred
confirmed subscribers on example.com addresses.

Running it again replaces the demo incidents and matches subscribers by
e-mail, so nothing is duplicated. Migrates the database first if needed.

Options:
  --now <time>  pretend it is this time (ISO 8601); default: now`,
  options: { now: { type: 'string' } },
  async run({ values }) {
    const now = typeof values.now === 'string' ? new Date(values.now) : new Date();
    if (Number.isNaN(now.getTime())) throw new CliError(`--now "${String(values.now)}" is not a date (use e.g. 2009-10-10T12:00:00Z)`, 2);
    // Loaded when the command runs: `candor --help` and the other commands do not compile it.
    const [{ prepareDatabase }, { loadDemo }, { closeDb }] = await Promise.all([import('../database'), import('@/lib/server/seed/load-demo'), import('@/lib/server/db')]);
    await prepareDatabase();
    try {
      const s = await loadDemo({ actor: cliActor, now });
      console.log(
        `Demo scenario loaded: ${s.regions} regions, ${s.components} components, ${s.incidents} incidents with ${s.updates} updates, ${s.subscribers} subscribers (${s.subscribersAdded} new).`,
      );
    } finally {
      await closeDb();
    }
  },
};
