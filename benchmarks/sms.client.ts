// One side of `npm run bench:sms`, in its own process: a bare `smpp` client keeping `window`
// submit_sm outstanding, or Candor's SMS sender fed by `concurrency` callers. Each first sends
// `warmup` messages unmeasured (a worker's sender is long warm when a notice goes out), then N,
// timed from the first submit to the last answer. argv: mode, SMS_URL, N, concurrency, warmup,
// and optionally a JSON file of the messages to send (else the bench's own one-segment texts).
import smpp, { type PDU, type Session } from 'smpp';
import { createSmsSender, parseSmsUrl, type SmsSender } from '@/lib/channels/sms';
import { encodeSms } from '@/lib/channels/sms/encoding';
import { readFileSync } from 'node:fs';
import type { SmsMessage } from '@/lib/channels/sms';
import { benchSms } from './sms.texts';

const [mode, url, nRaw, concRaw, warmRaw, messagesFile] = process.argv.slice(2);
const given = messagesFile ? (JSON.parse(readFileSync(messagesFile, 'utf8')) as SmsMessage[]) : null;
const message = (i: number): SmsMessage => (given ? given[i % given.length]! : benchSms(i));
const N = Number(nRaw);
const WARMUP = Number(warmRaw ?? 0);
const config = parseSmsUrl(url!);

/** Sends messages [from, to) and resolves with how many were accepted. */
type Run = (from: number, to: number) => Promise<number>;

// With CANDOR_BENCH_HANDSHAKE=1 (the channel bench), the process says 'warmed' after its warm-up and
// waits for 'go', so the parent can start counting at its SMSC from the first measured segment.
const handshake = (): Promise<void> =>
  new Promise<void>((resolve) => {
    process.on('message', (m: { type: string }) => {
      if (m.type !== 'go') return;
      process.channel?.unref();
      resolve();
    });
    process.send?.({ type: 'warmed' });
  });

async function measured(run: Run): Promise<void> {
  await run(0, WARMUP);
  if (process.env.CANDOR_BENCH_HANDSHAKE === '1') await handshake();
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const accepted = await run(WARMUP, WARMUP + N);
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  process.send?.({ type: 'done', ms, accepted, cpuMs: (cpu.user + cpu.system) / 1000 });
}

function bareRun(session: Session): Run {
  // The same octets Candor sends: each text encoded once (with its concatenation header when it
  // takes two segments), as a bare client would; the window counts segments, as Candor's does.
  const bodies = new Map<string, { parts: readonly Buffer[]; dataCoding: number }>();
  return (from, to) =>
    new Promise<number>((resolve) => {
      if (from >= to) return resolve(0);
      const parts: { m: SmsMessage; body: Buffer; many: boolean; dataCoding: number }[] = [];
      for (let i = from; i < to; i++) {
        const m = message(i);
        let body = bodies.get(m.text);
        if (!body) bodies.set(m.text, (body = encodeSms(m.text, i % 256)));
        for (const b of body.parts) parts.push({ m, body: b, many: body.parts.length > 1, dataCoding: body.dataCoding });
      }
      let next = 0;
      let answered = 0;
      let accepted = 0;
      const submit = () => {
        const { m, body, many, dataCoding } = parts[next++]!;
        const sender = m.from ? { source_addr_ton: 5, source_addr_npi: 0, source_addr: m.from } : { source_addr_ton: 0, source_addr_npi: 0, source_addr: '' };
        session.submit_sm({ ...sender, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: m.to.slice(1), registered_delivery: 1, data_coding: dataCoding, esm_class: many ? smpp.consts.ESM_CLASS.UDH_INDICATOR : 0, short_message: body }, (resp: PDU) => {
          if (resp.command_status === 0) accepted += 1;
          if (++answered === parts.length) resolve(given ? to - from - (parts.length - accepted) : accepted);
          else if (next < parts.length) submit();
        });
      };
      for (let w = 0; w < Math.min(config.window, parts.length); w++) submit();
    });
}

function candorRun(sender: SmsSender): Run {
  return async (from, to) => {
    let next = from;
    let accepted = 0;
    await Promise.all(
      Array.from({ length: Number(concRaw) }, async () => {
        while (next < to) {
          const m = message(next++);
          if ((await sender.send(m)).kind === 'accepted') accepted += 1;
        }
      }),
    );
    return accepted;
  };
}

if (mode === 'bare') {
  const session = smpp.connect({ host: config.host, port: config.port });
  await new Promise<void>((resolve, reject) => {
    session.on('error', reject);
    session.on('connect', () => session.bind_transceiver({ system_id: config.systemId, password: config.password }, (pdu) => (pdu.command_status === 0 ? resolve() : reject(new Error(`bind ${pdu.command_status}`)))));
  });
  // Its texts ask for receipts (as Candor's do), and an SMSC that sends them expects each answered.
  session.on('deliver_sm', (pdu: PDU) => session.send(pdu.response()));
  await measured(bareRun(session));
  session.destroy();
} else {
  const sender = createSmsSender({ config, log: () => undefined });
  while (sender.status().state !== 'bound') await new Promise((r) => setTimeout(r, 5));
  await measured(candorRun(sender));
  await sender.close();
}
