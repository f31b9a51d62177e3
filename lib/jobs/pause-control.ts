import { classifySmtpError, type SmtpErrorLike, type SmtpVerdict } from '@/lib/mail/smtp-classify';
import type { Transporter } from '@/lib/mail/transport';
import { recordPause } from './mail-pause';
import { Signal } from './signal';
import { TransportGate, PROBE_BACKOFF } from './transport-gate';
import type { BackoffPolicy } from './backoff';
import type { LineLog } from '@/lib/server/log/logger';

// One worker's side of a broken relay: the gate, the probe that reopens it, and the row that tells
// the other processes. Every send reports its answer here; the send and mail loops wait while paused.

export class PauseControl {
  readonly gate: TransportGate;
  private readonly wakeUp = new Signal();
  private readonly reopened = new Signal();
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly workerId: string,
    private readonly transport: () => Promise<Transporter>,
    private readonly log: LineLog,
    probePolicy: BackoffPolicy = PROBE_BACKOFF,
  ) {
    this.gate = new TransportGate(probePolicy);
  }

  get paused(): boolean {
    return this.gate.isPaused;
  }

  /** An answer from the relay (null: the message was accepted) for a message handed over at `startedAt`. */
  observe(verdict: SmtpVerdict | null, startedAt: number): void {
    if (verdict?.class === 'transport_down') {
      if (this.gate.trip(verdict, Date.now())) {
        this.log(`worker ${this.workerId}: mail paused, ${this.gate.current?.reason}: ${verdict.reason}`, 'warn');
        this.persist();
        this.wakeUp.notify();
      }
      return;
    }
    // Refused by Nodemailer before the relay saw anything: says nothing about the relay.
    if (verdict?.stage === 'local') return;
    if (this.gate.answered(startedAt)) {
      this.log(`worker ${this.workerId}: mail is going out again`);
      this.persist();
    }
  }

  /** Open, and nothing to send: end the episode (no message is coming to prove the relay works). */
  idle(): void {
    if (this.gate.idle()) this.persist();
  }

  /** Resolves when the gate reopens, or after `ms`. */
  waitOpen(ms: number): Promise<void> {
    return this.paused ? this.reopened.wait(ms) : Promise.resolve();
  }

  /** Notified when the gate reopens (for waiting on it among other signals). */
  get reopenedSignal(): Signal {
    return this.reopened;
  }

  wake(): void {
    this.wakeUp.notify();
    this.reopened.notify();
  }

  /** Probes the relay (connect, TLS, login: transporter.verify) while paused, with growing waits. */
  async run(stopping: () => boolean, onReopen: () => void): Promise<void> {
    while (!stopping()) {
      if (!this.gate.isPaused) {
        await this.wakeUp.wait(1000);
        continue;
      }
      const wait = this.gate.probeIn(Date.now());
      if (wait > 0) {
        await this.wakeUp.wait(wait);
        continue;
      }
      try {
        await (await this.transport()).verify();
        this.gate.probePassed();
        this.log(`worker ${this.workerId}: the relay answers again; sending resumes`);
        this.reopened.notify();
        onReopen();
      } catch (error) {
        this.gate.probeFailed(classifySmtpError(error as SmtpErrorLike), Date.now());
        this.persist();
      }
    }
  }

  /** Removes this worker's row: a stopped worker is not holding anything back. */
  async stop(): Promise<void> {
    this.wake();
    await this.writing;
    await recordPause(this.workerId, null).catch((error: unknown) => this.log(`worker ${this.workerId}: could not clear the pause (${(error as Error).message})`, 'warn'));
  }

  private persist(): void {
    const episode = this.gate.current;
    this.writing = this.writing
      .then(() => recordPause(this.workerId, episode))
      .catch((error: unknown) => this.log(`worker ${this.workerId}: could not record the pause (${(error as Error).message})`, 'warn'));
  }
}
