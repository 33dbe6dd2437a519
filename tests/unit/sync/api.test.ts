import { describe, expect, it } from 'vitest';
import { createSyncApi, SyncError } from '../../../lib/sync/api';

const serverAnswering = (body: unknown) => createSyncApi({ baseUrl: 'https://desk.example', token: 't', fetch: async () => Response.json(body) });
const page = (row: unknown) => ({ changes: [{ table: 'tickets', id: '01JT0000000000000000000000', seq: 1, deleted: false, row }], cursor: 1, more: false });

describe('the sync API', () => {
  it('passes a pulled page’s rows through as the server sent them', async () => {
    const pulled = await serverAnswering(page({ subject: 'Refund', tags: ['vip'] })).pull(0, 10);
    expect(pulled.changes).toEqual([{ table: 'tickets', id: '01JT0000000000000000000000', seq: 1, deleted: false, row: { subject: 'Refund', tags: ['vip'] } }]);
  });

  it('refuses a page whose row is not an object, saying the server is not a Sidedesk server', async () => {
    for (const row of ['text', null, [1, 2], 5]) {
      const failure = await serverAnswering(page(row)).pull(0, 10).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SyncError);
      expect((failure as SyncError).message).toBe("https://desk.example answered GET /v1/sync/pull?cursor=0&limit=10 with something that is not a Sidedesk server's reply.");
    }
  });
});
