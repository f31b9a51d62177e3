import { describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { spawnSync } from 'node:child_process';
import { holderAlive, leaseFree, SQLITE_LEASE_STALE_MS, type LeaseHolder } from '@/lib/jobs/sqlite-worker-lease';
import { workerRunning } from '@/lib/jobs/heartbeat';

// Who may take the SQLite worker lease (lib/jobs/sqlite-worker-lease.ts): the clock and the process
// check are passed in.

const now = new Date('2026-12-01T12:00:00.000Z');
const me = { workerId: 'here:200:aaaaaa', host: 'here' };
const holder = (over: Partial<LeaseHolder> = {}): LeaseHolder => ({ workerId: 'here:100:bbbbbb', host: 'here', pid: 100, at: new Date(now.getTime() - 1_000).toISOString(), ...over });
const alive = () => true;
const dead = () => false;

describe('leaseFree', () => {
  it('is free when nobody holds it, or this worker does', () => {
    expect(leaseFree(null, me, now, alive)).toBe(true);
    expect(leaseFree(holder({ workerId: me.workerId }), me, now, alive)).toBe(true);
  });

  it('is held by a live worker that renewed within the minute, on this host or another', () => {
    expect(leaseFree(holder(), me, now, alive)).toBe(false);
    expect(leaseFree(holder({ host: 'elsewhere', at: new Date(now.getTime() - SQLITE_LEASE_STALE_MS + 1).toISOString() }), me, now, dead)).toBe(false);
  });

  it('is free once the holder has not renewed for a minute, whatever its process', () => {
    expect(leaseFree(holder({ at: new Date(now.getTime() - SQLITE_LEASE_STALE_MS).toISOString() }), me, now, alive)).toBe(true);
    expect(leaseFree(holder({ host: 'elsewhere', at: new Date(now.getTime() - SQLITE_LEASE_STALE_MS).toISOString() }), me, now, alive)).toBe(true);
    expect(leaseFree(holder({ at: 'not a time' }), me, now, alive)).toBe(true);
  });

  it('is free at once when the holder ran on this host and its process is gone (killed with -9)', () => {
    expect(leaseFree(holder(), me, now, dead)).toBe(true);
    // On another host its process cannot be checked: only the minute frees it.
    expect(leaseFree(holder({ host: 'elsewhere' }), me, now, dead)).toBe(false);
  });
});

describe('holderAlive', () => {
  it('sees a running process as alive and an exited one as gone', () => {
    expect(holderAlive({ workerId: 'x', pid: process.ppid })).toBe(true);
    const exited = spawnSync(process.execPath, ['-e', '0']).pid;
    expect(holderAlive({ workerId: 'x', pid: exited })).toBe(false);
  });

  it("takes a holder with this process's pid for alive only while that worker runs here (a restarted container reuses pids)", () => {
    const id = `${hostname()}:${process.pid}:test`;
    expect(holderAlive({ workerId: id, pid: process.pid })).toBe(false);
    workerRunning(id, true);
    try {
      expect(holderAlive({ workerId: id, pid: process.pid })).toBe(true);
    } finally {
      workerRunning(id, false);
    }
  });
});
