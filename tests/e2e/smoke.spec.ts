import { expect, test } from '@playwright/test';

test('health answers with the database state', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ status: 'ok', database: { kind: 'sqlite', state: 'up' } });
});
