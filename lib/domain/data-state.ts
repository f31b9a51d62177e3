// The one vocabulary for what happened to customers' data. The console, the public page, badges,
// notice subjects and notice bodies all take their words from here, so one fact is never told
// in three strengths ("likely permanently lost" here, "may have been lost" there).
import type { DataState } from './status';

/** The words themselves: "your photos are likely lost". */
export const DATA_STATE_WORDS: Record<DataState, string> = {
  intact: 'intact',
  at_risk: 'at risk',
  lost: 'likely lost',
  recovering: 'being recovered',
  restored: 'restored',
};

/** Tags and badges: "data likely lost". */
export const DATA_STATE_LABEL: Record<DataState, string> = {
  intact: `data ${DATA_STATE_WORDS.intact}`,
  at_risk: `data ${DATA_STATE_WORDS.at_risk}`,
  lost: `data ${DATA_STATE_WORDS.lost}`,
  recovering: `data ${DATA_STATE_WORDS.recovering}`,
  restored: `data ${DATA_STATE_WORDS.restored}`,
};

/** Form options and table cells: "Likely lost". */
export const dataStateTitle = (s: DataState): string => DATA_STATE_WORDS[s].charAt(0).toUpperCase() + DATA_STATE_WORDS[s].slice(1);

/** What each state means for the reader, said plainly, when there are no counts to give. */
const MEANING: Record<DataState, string> = {
  intact: 'nothing stored was lost',
  at_risk: 'nothing is lost yet, but we cannot yet promise it is safe',
  lost: 'we do not expect to get it back',
  recovering: 'it is coming back now',
  restored: 'it is back where it was',
};

const count = (n: number) => n.toLocaleString('en-US');

/** "about 90,000 of 250,000 affected customers restored", from counts already known to mean something. */
export function restoredPhrase(affected: number, restored: number): string {
  if (restored >= affected) return `all ${count(affected)} affected customers restored`;
  if (restored <= 0) return `none of the ${count(affected)} affected customers restored yet`;
  return `about ${count(restored)} of ${count(affected)} affected customers restored`;
}

/**
 * Restore progress where it means something: on data being recovered or restored, or on lost or
 * at-risk data of which some has come back. Never on intact data ("0 of 40,000 restored" would
 * suggest something was taken), and never without an affected count.
 */
export function restoreProgress(state: DataState, affected: number, restored: number): string | null {
  if (!countsRestore(state, affected, restored)) return null;
  return restoredPhrase(affected, restored);
}

function countsRestore(state: DataState, affected: number, restored: number): boolean {
  if (state === 'intact' || affected <= 0) return false;
  return state === 'recovering' || state === 'restored' || restored > 0;
}

export interface DataCounts {
  dataState: DataState;
  affectedUsers: number;
  restoredUsers: number;
}

/** Restore totals over the rows whose counts mean something, or null when none do. */
export function restoreTotals(rows: readonly DataCounts[]): { affected: number; restored: number } | null {
  const counted = rows.filter((r) => countsRestore(r.dataState, r.affectedUsers, r.restoredUsers));
  if (counted.length === 0) return null;
  return { affected: counted.reduce((n, r) => n + r.affectedUsers, 0), restored: counted.reduce((n, r) => n + Math.min(r.restoredUsers, r.affectedUsers), 0) };
}

export interface ServiceData extends DataCounts {
  service: string;
}

/** Where one service's data stands, as a notice's "Your data" says it: "likely lost; we do not expect to get it back". */
export function dataStatus(row: DataCounts): string {
  return `${DATA_STATE_WORDS[row.dataState]}; ${restoreProgress(row.dataState, row.affectedUsers, row.restoredUsers) ?? MEANING[row.dataState]}`;
}
