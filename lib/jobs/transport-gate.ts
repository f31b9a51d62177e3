import { describeStage, type SmtpStage, type SmtpVerdict } from '@/lib/mail/smtp-classify';
import { backoffMs, type BackoffPolicy } from './backoff';

// Whether this worker may hand mail to the transport. A transport_down verdict pauses all sending
// (notices and Candor's own mail); the relay is probed with growing waits, and sending resumes when
// a probe passes. The pause "episode" lasts until a message handed over after the pause gets an answer.

export interface PauseEpisode {
  since: Date;
  /** In words: "the relay refused our login". */
  reason: string;
  /** The reply or error: "535 5.7.8 Authentication credentials invalid". */
  reply: string;
  stage: SmtpStage;
  /** Consecutive failures (sends and probes) in this episode; sets the wait before the next probe. */
  failures: number;
}

export const PROBE_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

export class TransportGate {
  private episode: PauseEpisode | null = null;
  private paused = false;
  private trippedAt = -Infinity;
  private probeAt = 0;

  constructor(
    private readonly policy: BackoffPolicy = PROBE_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  get isPaused(): boolean {
    return this.paused;
  }

  /** The episode to show (null: sending normally). */
  get current(): PauseEpisode | null {
    return this.episode;
  }

  /** Milliseconds until the relay should be probed again. */
  probeIn(now: number): number {
    return Math.max(0, this.probeAt - now);
  }

  /** A send failed with transport_down. True when this pauses a gate that was open (the caller records it). */
  trip(verdict: SmtpVerdict, now: number): boolean {
    if (this.paused) return false;
    this.paused = true;
    this.trippedAt = now;
    this.fail(verdict, now);
    return true;
  }

  /** The probe failed too: wait longer. */
  probeFailed(verdict: SmtpVerdict, now: number): void {
    this.fail(verdict, now);
  }

  /** The probe passed: open again. The episode stays until a message gets through (or there is nothing to send). */
  probePassed(): void {
    this.paused = false;
  }

  /** The relay answered a message handed over at `startedAt` (accepted it, or refused it for the recipient's sake). True when an episode ends. */
  answered(startedAt: number): boolean {
    if (this.paused || !this.episode || startedAt < this.trippedAt) return false;
    this.episode = null;
    return true;
  }

  /** Open with nothing to send: no message can prove the relay works, the probe has to do. True when an episode ends. */
  idle(): boolean {
    if (this.paused || !this.episode) return false;
    this.episode = null;
    return true;
  }

  private fail(verdict: SmtpVerdict, now: number): void {
    const failures = (this.episode?.failures ?? 0) + 1;
    const code = [verdict.code, verdict.enhanced].filter(Boolean).join(' ') || verdict.error;
    this.episode = {
      since: this.episode?.since ?? new Date(now),
      reason: describeStage(verdict.stage, verdict.code, verdict.error) + (code ? ` (${code})` : ''),
      reply: verdict.reason,
      stage: verdict.stage,
      failures,
    };
    this.probeAt = now + backoffMs(failures, this.policy, this.random);
  }
}
