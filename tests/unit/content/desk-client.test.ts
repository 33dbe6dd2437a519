import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../../lib/messaging', () => ({ sendMessage: vi.fn() }));
vi.mock('../../../lib/live', () => ({ watchDeskChanges: vi.fn() }));

const { sendMessage } = await import('../../../lib/messaging');
const { createDeskClient } = await import('../../../lib/content/desk-client');
const send = vi.mocked(sendMessage as (...args: unknown[]) => Promise<unknown>);
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
  beforeEach(() => send.mockReset());
  const desk = () => createDeskClient(new AbortController().signal, { retryDelayMs: 1 });
  const answerLater = () => {
    let answer!: (value: unknown) => void;
    send.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    return (value: unknown) => answer(value);
  };

  it('answers the calls a panel makes together at once, so the sidebar renders once', async () => {
    const client = desk();
    const answerAgents = answerLater();
    const answerStatus = answerLater();
    const seen: string[] = [];
    const agents = client.call('listAgents', undefined).then(() => seen.push('agents'));
    const status = client.call('getSyncStatus', undefined).then(() => seen.push('status'));
    answerAgents([]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen).toEqual([]);
    answerStatus({ state: 'synced' });
    await Promise.all([agents, status]);
    expect(seen).toEqual(['agents', 'status']);
  });

  it('does not hold an answer for a call made later, or for a failed one', async () => {
    const client = desk();
    const answerFirst = answerLater();
    const first = client.call('listAgents', undefined);
    await Promise.resolve();
    const answerLate = answerLater();
    const late = client.call('getSyncStatus', undefined);
    answerFirst([]);
    await expect(first).resolves.toEqual([]);
    answerLate({ state: 'synced' });
    await expect(late).resolves.toEqual({ state: 'synced' });

    send.mockRejectedValueOnce(new Error('No ticket t9')).mockResolvedValueOnce([]);
    const [refused, agents] = await Promise.allSettled([client.call('getDeskView', { identity: { platform: 'x', handle: 'a' } } as never), client.call('listAgents', undefined)]);
    expect(refused).toMatchObject({ status: 'rejected', reason: new Error('No ticket t9') });
    expect(agents).toEqual({ status: 'fulfilled', value: [] });
  });
});
