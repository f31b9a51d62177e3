import type { PDU } from 'smpp';

// A submit_sm written straight into its bytes, once per segment. The smpp package's PDU encodes
// generically (every field walked with for..in, filtered, sized twice, into a zero-filled buffer)
// at about 20 µs a segment, as much as the rest of the SMPP session. The bytes are exactly the
// package's for the fields Candor sets (tests/unit/sms-submit-pdu.test.ts compares them on random
// input); the session (smpp's Session.send) asks for them through `toBuffer`, as it would of a PDU.

export interface SubmitFields {
  sourceTon: number;
  sourceNpi: number;
  /** ASCII (a sender ID or a number); '' leaves the SMSC's default. */
  sourceAddr: string;
  destTon: number;
  destNpi: number;
  destinationAddr: string;
  esmClass: number;
  registeredDelivery: number;
  dataCoding: number;
  /** The segment's octets, user data header first (at most 254). */
  shortMessage: Buffer;
}

const SUBMIT_SM = 0x00000004;
/** esm_class bit 6 (SMPP 3.4 §5.2.12): short_message starts with a user data header. */
export const UDH_INDICATOR = 0x40;
const HEADER = 16;
const SEQUENCE_AT = 12;

/** SMPP 3.4 submit_sm (§4.4.1) with no optional parameters; sequence number 0 until sent. */
export function encodeSubmitSm(f: SubmitFields): Buffer {
  if (f.shortMessage.length > 254) throw new RangeError('short_message holds at most 254 octets');
  // Mandatory fields after the header: service_type "" (1), 2 octets, source_addr, 2 octets,
  // destination_addr, esm_class to sm_default_msg_id with two empty times (9), sm_length, octets.
  const length = HEADER + 1 + 2 + f.sourceAddr.length + 1 + 2 + f.destinationAddr.length + 1 + 9 + 1 + f.shortMessage.length;
  const b = Buffer.allocUnsafe(length);
  b.writeUInt32BE(length, 0);
  b.writeUInt32BE(SUBMIT_SM, 4);
  b.writeUInt32BE(0, 8);
  b.writeUInt32BE(0, SEQUENCE_AT);
  let o = HEADER;
  b[o++] = 0; // service_type
  b[o++] = f.sourceTon & 0xff;
  b[o++] = f.sourceNpi & 0xff;
  o += b.write(f.sourceAddr, o, 'latin1');
  b[o++] = 0;
  b[o++] = f.destTon & 0xff;
  b[o++] = f.destNpi & 0xff;
  o += b.write(f.destinationAddr, o, 'latin1');
  b[o++] = 0;
  b[o++] = f.esmClass & 0xff;
  b[o++] = 0; // protocol_id
  b[o++] = 0; // priority_flag
  b[o++] = 0; // schedule_delivery_time ""
  b[o++] = 0; // validity_period ""
  b[o++] = f.registeredDelivery & 0xff;
  b[o++] = 0; // replace_if_present_flag
  b[o++] = f.dataCoding & 0xff;
  b[o++] = 0; // sm_default_msg_id
  b[o++] = f.shortMessage.length;
  f.shortMessage.copy(b, o);
  return b;
}

/**
 * What smpp's Session.send needs of a request PDU: its sequence number (given by the session when 0)
 * and its bytes. Sending again renumbers the same bytes; the session only sends it again once the
 * previous send was answered or its connection is gone.
 */
export class SubmitPdu implements PDU {
  readonly command = 'submit_sm';
  readonly command_id = SUBMIT_SM;
  readonly command_status = 0;
  sequence_number = 0;
  [field: string]: unknown;

  constructor(readonly bytes: Buffer) {}

  isResponse(): boolean {
    return false;
  }

  response(): PDU {
    throw new Error('a submit_sm is answered by the SMSC, not by Candor');
  }

  toBuffer(): Buffer {
    this.bytes.writeUInt32BE(this.sequence_number, SEQUENCE_AT);
    return this.bytes;
  }
}
