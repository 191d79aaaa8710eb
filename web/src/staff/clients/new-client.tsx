import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { ClientForm } from './client-form';
import type { Client } from './client-types';
import { PossibleDuplicates } from './possible-duplicates';

type ClientBody = Record<string, string | null>;

/** A client just registered (or chosen from the possible duplicates instead). */
export type RegisteredClient = { id: string; name: string };

/**
 * Registering a client. The server is asked first for clients that may be the same person; only
 * when there are none is the client saved straight away. Otherwise staff choose: open (or, with
 * `onChoose`, take) one of them, or register anyway. Used on the clients page and in the desk's new
 * appointment, where a walk-in is registered without leaving the agenda.
 */
export function NewClient({
  onCreated,
  onCancel,
  onChoose,
}: {
  onCreated: (client: RegisteredClient) => void;
  onCancel: () => void;
  /** Take an existing client from the possible duplicates instead of opening their page. */
  onChoose?: (client: RegisteredClient) => void;
}) {
  const { t } = useTranslation();
  const [warning, setWarning] = useState<{ body: ClientBody; candidates: Client[] }>();
  const nameOf = (body: ClientBody) => [body.firstName, body.lastName].filter(Boolean).join(' ');
  const create = useMutation({
    mutationFn: (body: ClientBody) => apiPost<{ id: string }>('/api/clients', body),
    onSuccess: ({ id }, body) => onCreated({ id, name: nameOf(body) }),
    // The form shows what went wrong; the dialog would hide it.
    onError: () => setWarning(undefined),
  });
  const check = useMutation({
    mutationFn: (body: ClientBody) => apiPost<Client[]>('/api/clients/possible-duplicates', body),
    onSuccess: (candidates, body) => {
      if (candidates.length === 0) create.mutate(body);
      else setWarning({ body, candidates });
    },
  });
  return (
    <>
      <ClientForm
        submitLabel={t('clients.create')}
        pending={check.isPending || (create.isPending && !warning)}
        error={check.error ?? create.error}
        onSubmit={(body) => {
          create.reset();
          check.mutate(body);
        }}
        onCancel={onCancel}
      />
      {warning && (
        <PossibleDuplicates
          candidates={warning.candidates}
          pending={create.isPending}
          onRegisterAnyway={() => create.mutate(warning.body)}
          onBack={() => setWarning(undefined)}
          {...(onChoose
            ? { onChoose: (c: Client) => onChoose({ id: c.id, name: `${c.firstName} ${c.lastName}` }) }
            : {})}
        />
      )}
    </>
  );
}
