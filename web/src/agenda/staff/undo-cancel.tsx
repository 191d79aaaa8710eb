import { Button, Group, Notification, Portal, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import type { AgendaEntry } from '../agenda-types';
import { AGENDA_KEY } from './agenda-queries';

/** How long the desk is offered to undo a cancellation (the server allows a little longer). */
export const UNDO_SECONDS = 10;

/**
 * "Afspraak van … geannuleerd — Ongedaan maken", for ten seconds after a cancellation (paused while
 * the pointer or the focus is on it): the undo books it again if the time is still free (the server
 * re-checks), and withdraws the cancellation e-mail, which waits in the outbox meanwhile.
 */
export function UndoCancel({
  cancelled,
  onDone,
}: {
  cancelled: { entry: AgendaEntry; notifyClient: boolean; at: number };
  onDone: () => void;
}) {
  const { t } = useTranslation('agenda');
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const { entry, notifyClient } = cancelled;
  const restore = useMutation({
    mutationFn: () => apiPost<{ status: string }>(`/api/appointments/${entry.id}/restore`, { notifyClient }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: AGENDA_KEY }),
  });
  // While the pointer is on it or it holds the focus, the offer stays (and gets its ten seconds
  // again after): someone reaching for "Ongedaan maken" is not raced by the clock.
  const [held, setHeld] = useState({ pointer: false, focus: false });
  const paused = held.pointer || held.focus;
  useEffect(() => {
    if (paused || restore.isPending || restore.isError || restore.isSuccess) return;
    const timer = window.setTimeout(onDone, UNDO_SECONDS * 1000);
    return () => window.clearTimeout(timer);
  }, [onDone, paused, restore.isPending, restore.isError, restore.isSuccess]);
  useEffect(() => {
    if (!restore.isSuccess && !restore.isError) return;
    const timer = window.setTimeout(onDone, 5000);
    return () => window.clearTimeout(timer);
  }, [onDone, restore.isSuccess, restore.isError]);
  const name = entry.client ? `${entry.client.firstName} ${entry.client.lastName}` : t('staff.busy');
  return (
    <Portal>
      <Notification
        role="status"
        aria-live="polite"
        data-testid="undo-cancel"
        color={restore.isError ? 'red' : 'rose'}
        onClose={onDone}
        closeButtonProps={{ 'aria-label': common('common.close') }}
        style={{ position: 'fixed', bottom: 24, right: 24, zIndex: 1000, maxWidth: 420 }}
        onMouseEnter={() => setHeld((h) => ({ ...h, pointer: true }))}
        onMouseLeave={() => setHeld((h) => ({ ...h, pointer: false }))}
        onFocus={() => setHeld((h) => ({ ...h, focus: true }))}
        onBlur={() => setHeld((h) => ({ ...h, focus: false }))}
      >
        {restore.isSuccess ? (
          <Text size="sm">{t('desk.restored')}</Text>
        ) : restore.isError ? (
          <Text size="sm">{t('desk.restoreFailed')}</Text>
        ) : (
          <Group gap="sm" justify="space-between" wrap="nowrap">
            <Text size="sm">{t('desk.cancelledNotice', { name })}</Text>
            <Button
              size="compact-sm"
              variant="light"
              style={{ flexShrink: 0 }}
              loading={restore.isPending}
              onClick={() => restore.mutate()}
            >
              {t('desk.undo')}
            </Button>
          </Group>
        )}
      </Notification>
    </Portal>
  );
}
