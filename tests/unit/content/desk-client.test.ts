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
