import smpp from 'smpp';
import { describe, expect, it } from 'vitest';
import { seededRandom as generator } from '@/prisma/seed/demo-subscribers';
import { encodeSubmitSm, SubmitPdu, UDH_INDICATOR, type SubmitFields } from '@/lib/channels/sms/submit-pdu';

// Candor writes its submit_sm bytes itself (lib/channels/sms/submit-pdu.ts); the smpp package's own
// encoder is the reference they must equal, byte for byte, and its decoder must read them back.

const SENDERS = [
  { ton: 0, npi: 0, address: '' },
  { ton: 5, npi: 0, address: 'Telstra' },
  { ton: 5, npi: 0, address: 'T-Mobile' },
  { ton: 1, npi: 1, address: '61400000000' },
  { ton: 3, npi: 0, address: '1234' },
];

function randomFields(next: () => number): SubmitFields {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const sender = pick(SENDERS);
  const digits = 7 + Math.floor(next() * 9);
  const length = pick([0, 1, 6, 70, 134, 140, 153, 160, 254]);
  const octets = Buffer.alloc(length);
  for (let i = 0; i < length; i++) octets[i] = Math.floor(next() * 256);
  return {
    sourceTon: sender.ton,
    sourceNpi: sender.npi,
    sourceAddr: sender.address,
    destTon: 1,
    destNpi: 1,
    destinationAddr: Array.from({ length: digits }, (_, i) => (i === 0 ? 1 + Math.floor(next() * 9) : Math.floor(next() * 10))).join(''),
    esmClass: pick([0, UDH_INDICATOR]),
    registeredDelivery: pick([0, 1]),
    dataCoding: pick([0x00, 0x08]),
    shortMessage: octets,
  };
}

/** The same submit_sm through the smpp package's generic encoder. */
function packageBytes(f: SubmitFields, sequence: number): Buffer {
  const pdu = new smpp.PDU('submit_sm', {
    sequence_number: sequence,
    source_addr_ton: f.sourceTon,
    source_addr_npi: f.sourceNpi,
    source_addr: f.sourceAddr,
    dest_addr_ton: f.destTon,
    dest_addr_npi: f.destNpi,
    destination_addr: f.destinationAddr,
    esm_class: f.esmClass,
    registered_delivery: f.registeredDelivery,
    data_coding: f.dataCoding,
    short_message: f.shortMessage,
  }) as unknown as { toBuffer(): Buffer };
  return pdu.toBuffer();
}

describe('encodeSubmitSm', () => {
  it("writes the smpp package's exact bytes for 2,000 random submissions", () => {
    const next = generator(20261201);
    for (let i = 0; i < 2000; i++) {
      const f = randomFields(next);
      const sequence = 1 + Math.floor(next() * 0x7ffffffe);
      const pdu = new SubmitPdu(encodeSubmitSm(f));
      pdu.sequence_number = sequence;
      const ours = pdu.toBuffer();
      const theirs = packageBytes(f, sequence);
      if (!ours.equals(theirs)) expect({ case: i, fields: f, ours: ours.toString('hex') }).toEqual({ case: i, fields: f, ours: theirs.toString('hex') });
    }
  });

  it("reads back through the package's decoder, field for field", () => {
    const f = randomFields(generator(7));
    const pdu = new SubmitPdu(encodeSubmitSm({ ...f, sourceAddr: 'Telstra', sourceTon: 5, destinationAddr: '61412345678', shortMessage: Buffer.from([0x05, 0x00, 0x03, 0x2a, 0x02, 0x01, 0x48, 0x69]), esmClass: 0x40, dataCoding: 0 }));
    pdu.sequence_number = 77;
    const decoded = new smpp.PDU(pdu.toBuffer() as unknown as string) as unknown as Record<string, unknown>;
    expect(decoded).toMatchObject({ command: 'submit_sm', sequence_number: 77, source_addr_ton: 5, source_addr: 'Telstra', dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '61412345678', esm_class: 0x40, data_coding: 0 });
    expect((decoded.short_message as { message: string }).message).toBe('Hi');
  });

  it("names the package's UDH indicator", () => {
    expect(UDH_INDICATOR).toBe(smpp.consts.ESM_CLASS.UDH_INDICATOR);
  });

  it('renumbers the same bytes when sent again', () => {
    const pdu = new SubmitPdu(encodeSubmitSm(randomFields(generator(3))));
    pdu.sequence_number = 1;
    expect(pdu.toBuffer().readUInt32BE(12)).toBe(1);
    pdu.sequence_number = 0x7fffffff;
    expect(pdu.toBuffer().readUInt32BE(12)).toBe(0x7fffffff);
    expect(pdu.isResponse()).toBe(false);
  });

  it('refuses a short_message longer than its one-octet length can say', () => {
    expect(() => encodeSubmitSm({ ...randomFields(generator(5)), shortMessage: Buffer.alloc(255) })).toThrow(/254 octets/);
  });
});
