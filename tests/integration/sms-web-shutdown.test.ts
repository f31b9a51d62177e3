import smpp from 'smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmsSender, parseSmsUrl } from '@/lib/channels/sms';
import { env } from '@/lib/server/env';
import { backgroundServices, databaseFreeServices } from '@/lib/server/runtime/services';
import { installWebSmsSender, sendWebSms, webSmsService } from '@/lib/server/sms/web-sender';
import { startSmsc, type Smsc } from '@/tests/helpers/smsc';
import { waitFor } from './notify-fixtures';

// The web process's SMPP sender (one-time codes) is one of the services `candor start` stops on
// SIGTERM, with or without a database: the SMSC sees an unbind, not a dropped socket.

describe('the web process’s SMS sender at shutdown', () => {
  let smsc: Smsc;
  beforeAll(async () => {
    smsc = await startSmsc();
  });
  afterAll(async () => {
    await installWebSmsSender(null);
    await smsc.stop();
  });

  it('is stopped with the server’s services, even when the database never answered', () => {
    expect(backgroundServices).toContain(webSmsService);
    expect(databaseFreeServices.has(webSmsService)).toBe(true);
    expect(webSmsService.enabled(env())).toBe(true);
  });

  it('unbinds from the SMSC when stopped; a client that just goes away is counted as dropped (the control)', async () => {
    // The control: a bare client that binds and then closes its socket is seen as dropped.
    const bare = smpp.connect({ host: '127.0.0.1', port: smsc.port });
    await new Promise<void>((resolve, reject) => bare.bind_transceiver({ system_id: 'candor', password: 'secret' }, (pdu) => (pdu.command_status === 0 ? resolve() : reject(new Error(`bind refused: ${pdu.command_status}`)))));
    bare.destroy();
    await waitFor('the bare client seen as dropped', () => smsc.dropped === 1);
    expect(smsc.unbinds).toBe(0);

    const running = await webSmsService.start(env());
    await installWebSmsSender(createSmsSender({ config: parseSmsUrl(smsc.url()), log: () => undefined }));
    expect(await sendWebSms({ to: '+61412345678', text: '123456 is your code', reference: 'code' })).toMatchObject({ kind: 'accepted' });
    expect(smsc.binds).toBe(2);
    expect(smsc.sessions()).toHaveLength(1);
    await running.stop();
    await waitFor('the session gone', () => smsc.sessions().length === 0);
    expect(smsc.unbinds).toBe(1);
    expect(smsc.dropped).toBe(1);
  });
});
