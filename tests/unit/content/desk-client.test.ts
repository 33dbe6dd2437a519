import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../../lib/messaging', () => ({ sendMessage: vi.fn(), sendBatch: vi.fn() }));
vi.mock('../../../lib/live', () => ({ watchDeskChanges: vi.fn() }));

const { sendMessage, sendBatch } = await import('../../../lib/messaging');
const { watchDeskChanges } = await import('../../../lib/live');
const { createDeskClient } = await import('../../../lib/content/desk-client');
const send = vi.mocked(sendMessage as (...args: unknown[]) => Promise<unknown>);
const batch = vi.mocked(sendBatch);
const stopped = new Error('Could not establish connection. Receiving end does not exist.');

describe('the desk client, when the worker stops mid-call', () => {
  beforeEach(() => send.mockReset());
  const desk = () => createDeskClient(new AbortController().signal, { retryDelayMs: 1 });

  it('sends a read again and answers with what the woken worker says', async () => {
    send.mockRejectedValueOnce(stopped).mockResolvedValueOnce([{ id: 'a1', name: 'Ana' }]);
    await expect(desk().call('listAgents', undefined)).resolves.toEqual([{ id: 'a1', name: 'Ana' }]);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['addNote', { ticketId: 't1', text: 'Called the courier' }],
    ['useTemplate', { id: 'tpl1' }],
  ] as const)('never sends %s twice: the stopped worker may already have stored it', async (name, data) => {
    send.mockRejectedValueOnce(stopped).mockResolvedValue(undefined);
    await expect(desk().call(name, data as never)).rejects.toThrow(/Could not establish connection/);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('does not retry a call the background refused', async () => {
    send.mockRejectedValueOnce(new Error('No ticket t9'));
    await expect(desk().call('listAgents', undefined)).rejects.toThrow('No ticket t9');
    expect(send).toHaveBeenCalledTimes(1);
  });
});

describe('the desk client, answering a panel', () => {
  beforeEach(() => {
    send.mockReset();
    batch.mockReset();
  });
  const desk = () => createDeskClient(new AbortController().signal, { retryDelayMs: 1 });

  it('sends the calls a panel makes together as one message, answered at once, so the sidebar renders once', async () => {
    const client = desk();
    let answer!: (value: Awaited<ReturnType<typeof sendBatch>>) => void;
    batch.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const seen: string[] = [];
    const agents = client.call('listAgents', undefined).then((value) => seen.push(`agents ${JSON.stringify(value)}`));
    const status = client.call('getSyncStatus', undefined).then((value) => seen.push(`status ${JSON.stringify(value)}`));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(batch).toHaveBeenCalledExactlyOnceWith([
      { name: 'listAgents', data: undefined },
      { name: 'getSyncStatus', data: undefined },
    ]);
    expect(send).not.toHaveBeenCalled();
    expect(seen).toEqual([]);
    answer([{ value: [] }, { value: { state: 'synced' } }]);
    await Promise.all([agents, status]);
    expect(seen).toEqual(['agents []', 'status {"state":"synced"}']);
  });

  it('sends a call made later on its own, and refuses only the call the background refused', async () => {
    const client = desk();
    send.mockResolvedValueOnce([]).mockResolvedValueOnce({ state: 'synced' });
    const first = client.call('listAgents', undefined);
    await Promise.resolve();
    const late = client.call('getSyncStatus', undefined);
    await expect(first).resolves.toEqual([]);
    await expect(late).resolves.toEqual({ state: 'synced' });
    expect(send).toHaveBeenCalledTimes(2);

    batch.mockResolvedValueOnce([{ error: 'No ticket t9' }, { value: [] }]);
    const [refused, agents] = await Promise.allSettled([client.call('getDeskView', { identity: { platform: 'x', handle: 'a' } } as never), client.call('listAgents', undefined)]);
    expect(refused).toMatchObject({ status: 'rejected', reason: new Error('No ticket t9') });
    expect(agents).toEqual({ status: 'fulfilled', value: [] });
  });

  it('sends the calls again together when the worker stopped, unless one of them must not be sent twice', async () => {
    const client = desk();
    batch.mockRejectedValueOnce(stopped).mockResolvedValueOnce([{ value: [] }, { value: { state: 'synced' } }]);
    await expect(Promise.all([client.call('listAgents', undefined), client.call('getSyncStatus', undefined)])).resolves.toEqual([[], { state: 'synced' }]);
    expect(batch).toHaveBeenCalledTimes(2);

    batch.mockReset().mockRejectedValueOnce(stopped);
    const calls = [client.call('addNote', { ticketId: 't1', text: 'Called the courier' }), client.call('listAgents', undefined)];
    for (const call of calls) await expect(call).rejects.toThrow(/Could not establish connection/);
    expect(batch).toHaveBeenCalledTimes(1);
  });
});

describe('the desk client, asking ahead of the first render', () => {
  beforeEach(() => {
    send.mockReset();
    vi.mocked(watchDeskChanges).mockReset();
  });
  const request = { identity: { platform: 'x', handle: 'jane' }, historyLimit: 50 } as const;

  it('holds the answer for exactly the request asked ahead, once it has come', async () => {
    const client = createDeskClient(new AbortController().signal);
    send.mockResolvedValueOnce({ customer: null });
    const preloaded = client.preload('getDeskView', request);
    expect(client.preloaded('getDeskView', request)).toBeUndefined();
    await preloaded;
    expect(client.preloaded('getDeskView', { ...request })).toEqual({ customer: null });
    expect(client.preloaded('getDeskView', { ...request, historyLimit: 100 })).toBeUndefined();
    expect(client.preloaded('listAgents', undefined)).toBeUndefined();
  });

  it('forgets it when the background announces a change, or when the call failed', async () => {
    const client = createDeskClient(new AbortController().signal);
    const announce = vi.mocked(watchDeskChanges).mock.calls[0][0];
    send.mockResolvedValueOnce({ customer: null });
    await client.preload('getDeskView', request);
    announce({ tables: ['meta'] });
    expect(client.preloaded('getDeskView', request)).toBeUndefined();

    send.mockRejectedValueOnce(new Error('No such customer'));
    await client.preload('getDeskView', request);
    expect(client.preloaded('getDeskView', request)).toBeUndefined();
  });
});
