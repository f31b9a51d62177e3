import smpp from 'smpp';

// What an SMSC's command_status means for one message, decided in one place (as smtp-classify.ts
// does for SMTP replies). Anything not understood is "retry", never a permanent failure.

/**
 * accepted: the SMSC took the segment. throttled: slow down and send it again. failed: this message
 * is refused for good (the number, the length, the coding). retry: a passing fault; try later.
 * down: nothing can go out as things are (not bound, our sender ID refused): pause, fail nobody.
 */
export type SubmitClass = 'accepted' | 'throttled' | 'failed' | 'retry' | 'down';

const NAMES = new Map<number, string>(Object.entries(smpp.errors).map(([name, code]) => [code, name]));

/** ESME_RTHROTTLED, or 0x... for a status SMPP 3.4 does not name. */
export function commandStatusName(status: number): string {
  return NAMES.get(status) ?? `0x${status.toString(16).padStart(8, '0')}`;
}

const E = smpp.errors;
const THROTTLED = new Set([E.ESME_RTHROTTLED, E.ESME_RMSGQFUL]);
/** The message itself: its destination, length, coding or class; sending it again would be refused again. */
const FAILED = new Set([E.ESME_RINVDSTADR, E.ESME_RINVDSTTON, E.ESME_RINVDSTNPI, E.ESME_RINVDSTADDRSUBUNIT, E.ESME_RINVMSGLEN, E.ESME_RINVESMCLASS, E.ESME_RINVDCS, E.ESME_RINVNUMDESTS, E.ESME_RPROHIBITED, E.ESME_RX_P_APPN, E.ESME_RX_R_APPN, E.ESME_RINVREGDLVFLG, E.ESME_RINVPRTFLG]);
/** Our side of the session: not bound, or our sender ID or service refused. Every message would meet it. */
const DOWN = new Set([E.ESME_RINVBNDSTS, E.ESME_RINVSRCADR, E.ESME_RINVSRCTON, E.ESME_RINVSRCNPI, E.ESME_RINVSRCADDRSUBUNIT, E.ESME_RSERTYPUNAUTH, E.ESME_RSERTYPDENIED, E.ESME_RINVSYSTYP, E.ESME_RBINDFAIL, E.ESME_RINVPASWD, E.ESME_RINVSYSID]);

/** The class of a submit_sm_resp (or generic_nack) status. */
export function classifySubmitStatus(status: number): SubmitClass {
  if (status === E.ESME_ROK) return 'accepted';
  if (THROTTLED.has(status)) return 'throttled';
  if (FAILED.has(status)) return 'failed';
  if (DOWN.has(status)) return 'down';
  return 'retry';
}

/** A refused bind, in words for the console. */
export function describeBindRefusal(status: number): string {
  if (status === E.ESME_RINVPASWD) return `the SMSC refused our password (${commandStatusName(status)})`;
  if (status === E.ESME_RINVSYSID) return `the SMSC does not know our system_id (${commandStatusName(status)})`;
  return `the SMSC refused our bind (${commandStatusName(status)})`;
}
