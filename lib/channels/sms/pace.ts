import { AimdLimit, RecentRates, TRANSPORT_AIMD } from '@/lib/jobs/shaping-aimd';
import { TokenBucket } from '@/lib/jobs/rate-limit';

// How fast segments go to the SMSC. Full speed (or SMS_URL's fixed `rate`) until the SMSC answers
// ESME_RTHROTTLED or ESME_RMSGQFUL; then half the rate seen, growing back additively while it
// accepts, lifted at twice the rate it complained at: the mail path's AIMD shaping for 421/451,
// with the SMSC as its one destination. The clock is passed in.

const KEY = 'smsc';

export class SmscPace {
  private bucket: TokenBucket | null;
  private aimd: AimdLimit | null = null;
  private recent: RecentRates;

  constructor(
    private readonly fixedRate: number,
    now: number,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.recent = new RecentRates(now, 1);
    this.bucket = fixedRate > 0 ? new TokenBucket(fixedRate, Math.max(1, fixedRate), now) : null;
  }

  /** Takes a slot to send one segment now (0), or says how many ms until one is free (nothing taken). */
  take(now: number): number {
    return this.bucket ? this.bucket.take(now) : 0;
  }

  /** The slowed rate in segments per second; null at full speed. */
  get slowedTo(): number | null {
    return this.aimd ? Math.round(this.bucket!.ratePerSecond * 10) / 10 : null;
  }

  accepted(now: number): void {
    this.recent.count(KEY, now);
    if (!this.aimd) return;
    if (this.aimd.accepted()) {
      this.aimd = null;
      this.log('the SMSC accepts again; sending at full speed');
      if (this.fixedRate > 0) this.bucket!.setRate(this.fixedRate, now);
      else this.bucket = null;
    } else this.bucket!.setRate(this.rate(this.aimd), now);
  }

  /** A throttling reply to a segment sent at `sentAt` (replies to segments sent before the last slowdown are not news). */
  throttled(now: number, sentAt: number): void {
    if (!this.aimd) {
      this.aimd = new AimdLimit(this.recent.rate(KEY, now), now, TRANSPORT_AIMD);
      const rate = this.rate(this.aimd);
      this.log(`the SMSC asked us to slow down; sending at ${rate.toFixed(1)} segments/s, then faster while it accepts`);
      this.bucket = new TokenBucket(rate, Math.max(1, rate), now, 0);
    } else if (this.aimd.slowDown(now, sentAt)) this.bucket!.setRate(this.rate(this.aimd), now);
  }

  private rate(aimd: AimdLimit): number {
    return this.fixedRate > 0 ? Math.min(this.fixedRate, aimd.rate) : aimd.rate;
  }
}
