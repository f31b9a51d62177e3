// The benchmark's baseline: a bare Nodemailer pool sending the same messages to the same sink,
// in its own process so its memory is measured apart. argv: sink URL, N, concurrency, renderings JSON file, domain mix.
import { readFileSync } from 'node:fs';
import { createPooledTransport, POOL_CONNECTIONS } from '@/lib/mail/transport';
import { mailOptions } from '@/lib/mail/message';
import { personalise } from '@/lib/mail/templates/variables';
import { benchEmail, type DomainMix } from './notify.domains';

const [sinkUrl, nRaw, concRaw, file, mix] = process.argv.slice(2);
const N = Number(nRaw);
const renderings = JSON.parse(readFileSync(file!, 'utf8')) as { subject: string; html: string; text: string }[];
const bare = createPooledTransport(sinkUrl!, { maxConnections: POOL_CONNECTIONS });
const start = Date.now();
const cpu0 = process.cpuUsage();
let next = 1;
await Promise.all(
  Array.from({ length: Number(concRaw) }, async () => {
    while (next <= N) {
      const i = next++;
      const r = renderings[i % renderings.length]!;
      const p = { timeZone: i % 2 ? 'America/Los_Angeles' : 'Australia/Sydney', locale: 'en-US', manageUrl: `https://status.example.net/manage/${i}`, unsubscribeUrl: `https://status.example.net/u/${i}` };
      await bare.sendMail(mailOptions({ from: { name: 'Candor status', email: 'status@status.example.net' }, to: benchEmail(i, (mix ?? 'uniform') as DomainMix), subject: personalise(r.subject, p, false), html: personalise(r.html, p, true), text: personalise(r.text, p, false), host: 'status.example.net', unsubscribeUrl: p.unsubscribeUrl }));
    }
  }),
);
bare.close();
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
const cpu = process.cpuUsage(cpu0);
process.send?.({ type: 'done', ms: Date.now() - start, peakRss: Number(hwm ?? 0) * 1024, cpuMs: (cpu.user + cpu.system) / 1000 });
