// One side of `npm run bench:sms`, in its own process: a bare `smpp` client keeping `window`
// submit_sm outstanding, or Candor's SMS sender fed by `concurrency` callers. argv: mode, SMS_URL, N, concurrency.
import smpp, { type PDU } from 'smpp';
import { createSmsSender, parseSmsUrl } from '@/lib/channels/sms';
import { encodeSms } from '@/lib/channels/sms/encoding';
import { benchSms } from './sms.texts';

const [mode, url, nRaw, concRaw] = process.argv.slice(2);
const N = Number(nRaw);
const config = parseSmsUrl(url!);
const cpu0 = process.cpuUsage();
const done = (ms: number, accepted: number) => {
  const cpu = process.cpuUsage(cpu0);
  process.send?.({ type: 'done', ms, accepted, cpuMs: (cpu.user + cpu.system) / 1000 });
};

if (mode === 'bare') {
  const session = smpp.connect({ host: config.host, port: config.port });
  await new Promise<void>((resolve, reject) => {
    session.on('error', reject);
    session.on('connect', () => session.bind_transceiver({ system_id: config.systemId, password: config.password }, (pdu) => (pdu.command_status === 0 ? resolve() : reject(new Error(`bind ${pdu.command_status}`)))));
  });
  // The same octets Candor sends: the text encoded once per distinct text, as a bare client would.
  const bodies = new Map<string, Buffer>();
  const start = performance.now();
  let next = 0;
  let accepted = 0;
  await new Promise<void>((resolve) => {
    let answered = 0;
    const submit = () => {
      const i = next++;
      const m = benchSms(i);
      let body = bodies.get(m.text);
      if (!body) bodies.set(m.text, (body = encodeSms(m.text, 0).parts[0]!));
      session.submit_sm({ source_addr_ton: 5, source_addr_npi: 0, source_addr: m.from, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: m.to.slice(1), registered_delivery: 1, data_coding: 0, short_message: body }, (resp: PDU) => {
        if (resp.command_status === 0) accepted += 1;
        if (++answered === N) resolve();
        else if (next < N) submit();
      });
    };
    for (let w = 0; w < Math.min(config.window, N); w++) submit();
  });
  done(performance.now() - start, accepted);
  session.destroy();
} else {
  const sender = createSmsSender({ config, log: () => undefined });
  // Bound first, as the worker's sender is long before a notice goes out.
  while (sender.status().state !== 'bound') await new Promise((r) => setTimeout(r, 5));
  const start = performance.now();
  let next = 0;
  let accepted = 0;
  await Promise.all(
    Array.from({ length: Number(concRaw) }, async () => {
      while (next < N) {
        const m = benchSms(next++);
        if ((await sender.send(m)).kind === 'accepted') accepted += 1;
      }
    }),
  );
  done(performance.now() - start, accepted);
  await sender.close();
}
