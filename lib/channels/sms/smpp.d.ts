// Types for the parts of the `smpp` package (0.5.x, plain JavaScript) that Candor uses.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  /** A decoded short_message: the text, and the user data header's information elements when there was one. */
  export interface ShortMessage {
    udh?: Buffer[];
    message: string | Buffer;
  }

  export interface PDU {
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): PDU;
    [field: string]: unknown;
  }

  export type ResponseCallback = (pdu: PDU) => void;

  export class Session extends EventEmitter {
    socket: Socket;
    server?: Server;
    send(pdu: PDU, responseCallback?: ResponseCallback, sendCallback?: ResponseCallback): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transceiver(options: Record<string, unknown>, responseCallback?: ResponseCallback): boolean;
    bind_transmitter(options: Record<string, unknown>, responseCallback?: ResponseCallback): boolean;
    submit_sm(options: Record<string, unknown>, responseCallback?: ResponseCallback, sendCallback?: ResponseCallback): boolean;
    deliver_sm(options: Record<string, unknown>, responseCallback?: ResponseCallback): boolean;
    enquire_link(options?: Record<string, unknown> | ResponseCallback, responseCallback?: ResponseCallback): boolean;
    unbind(options?: Record<string, unknown> | ResponseCallback, responseCallback?: ResponseCallback): boolean;
  }

  export interface Server extends NetServer {
    sessions: Session[];
  }

  export interface ConnectOptions {
    host: string;
    port: number;
    tls?: boolean;
    servername?: string;
    auto_enquire_link_period?: number;
  }

  export function connect(options: ConnectOptions, listener?: () => void): Session;
  export function createServer(options: Record<string, unknown>, listener?: (session: Session) => void): Server;

  export const errors: Record<string, number>;
  export const consts: {
    ESM_CLASS: Record<string, number>;
    ENCODING: Record<string, number>;
    REGISTERED_DELIVERY: Record<string, number>;
    MESSAGE_STATE: Record<string, number>;
  };
  export interface GsmTable {
    /** Character to septet, the basic table. */
    charListEnc: Record<string, number>;
    /** Extension character to the basic-table character whose septet follows ESC. */
    extCharListEnc: Record<string, string>;
  }
  export const gsmCoder: { getCoder(table: number): GsmTable; encode(text: string, table?: number): Buffer; decode(septets: Buffer | string, table?: number): string };

  export const ESME_ROK: number;
  const smpp: {
    connect: typeof connect;
    createServer: typeof createServer;
    errors: typeof errors;
    consts: typeof consts;
    gsmCoder: typeof gsmCoder;
    PDU: new (command: string, options?: Record<string, unknown>) => PDU;
  };
  export default smpp;
}
