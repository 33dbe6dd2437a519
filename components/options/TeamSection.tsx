/**
 * The options page's Team: sign in to the team's server with an invite code (the background keeps
 * the token), see who is signed in and the team's agents, sign out.
 */
import { useState } from 'preact/hooks';
import type { SyncStatus as Status } from '../../lib/sync/status';
import { errorText, type DeskApi } from '../desk-api';
import { Field, inputClass } from '../fields';
import { SyncStatus } from '../SyncStatus';
import { useLiveQuery } from '../use-live-query';

const buttonClass = 'self-start rounded-md bg-indigo-600 px-3 py-1 font-medium text-white hover:bg-indigo-700 disabled:opacity-50';

export function TeamSection({ desk }: { desk: DeskApi }) {
  const status = useLiveQuery(desk, 'getSyncStatus', undefined, ['meta']);
  if (!status.data) return <p aria-live="polite">{status.error ?? 'Loading…'}</p>;
  return (
    <section data-testid="team" class="flex max-w-xl flex-col gap-4">
      {status.data.agent ? <SignedIn desk={desk} status={status.data} /> : <SignInForm desk={desk} notice={status.data.message} />}
    </section>
  );
}

function SignInForm({ desk, notice }: { desk: DeskApi; notice: string | null }) {
  const [form, setForm] = useState({ serverUrl: '', code: '', name: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    desk.call('signIn', form).then(
      () => setBusy(false),
      (failure) => (setBusy(false), setError(errorText(failure))),
    );
  };
  const input = (key: keyof typeof form, label: string, testId: string, placeholder: string) => (
    <Field label={label} id={`team-${key}`}>
      <input
        id={`team-${key}`}
        data-testid={testId}
        value={form[key]}
        placeholder={placeholder}
        required
        autoComplete="off"
        class={inputClass}
        onInput={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
      />
    </Field>
  );
  return (
    <form onSubmit={submit} class="flex flex-col gap-3" aria-label="Sign in to your team">
      <p>Sign in to share tickets, notes and templates with your team. Ask a team admin for an invite code.</p>
      {notice && <p role="status" class="rounded-md bg-amber-50 px-2 py-1 text-amber-900 dark:bg-amber-950 dark:text-amber-100">{notice}</p>}
      {input('serverUrl', 'Server address', 'server-url', 'https://desk.example.com')}
      {input('code', 'Invite code', 'invite-code', 'ABCD-EFGH-JKLM-NPQR')}
      {input('name', 'Your name, as the team will see it', 'agent-name', 'Ana Cruz')}
      {error && <p role="alert" data-testid="sign-in-error" class="rounded-md bg-red-50 px-2 py-1 text-red-800 dark:bg-red-950 dark:text-red-200">{error}</p>}
      <button type="submit" data-testid="sign-in" disabled={busy} class={buttonClass}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

function SignedIn({ desk, status }: { desk: DeskApi; status: Status }) {
  const agents = useLiveQuery(desk, 'listAgents', undefined, ['meta']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const signOut = () => {
    setBusy(true);
    desk.call('signOut', undefined).then(
      () => setBusy(false),
      (failure) => (setBusy(false), setError(errorText(failure))),
    );
  };
  return (
    <>
      <div class="flex items-center gap-2">
        <p data-testid="signed-in-as" data-agent-id={status.agent!.id}>
          Signed in as <strong dir="auto">{status.agent!.name}</strong> ({status.agent!.role}) in <strong dir="auto">{status.team?.name}</strong>
        </p>
        <SyncStatus desk={desk} />
      </div>
      <p class="text-slate-500 dark:text-slate-400">Server: {status.serverUrl}</p>
      <section class="flex flex-col gap-1">
        <h2 class="font-semibold">Team</h2>
        <ul data-testid="team-agents" class="flex flex-col">
          {(agents.data ?? []).map((agent) => (
            <li key={agent.id} data-testid="team-agent" dir="auto">
              {agent.name} <span class="text-slate-500 dark:text-slate-400">({agent.role})</span>
            </li>
          ))}
        </ul>
      </section>
      {error && <p role="alert" class="text-red-700 dark:text-red-300">{error}</p>}
      <button type="button" data-testid="sign-out" disabled={busy} onClick={signOut} class={buttonClass}>
        {busy ? 'Signing out…' : 'Sign out'}
      </button>
    </>
  );
}
