import { Alert, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../shared/api';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';
import { fromLocalInput, toLocalInput } from '../dates';
import { INCIDENTS_KEY } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { Incident } from '../privacy-types';

/** The owner's assessment: a breach or not, whom to notify, when they were, and closing it. */
export function IncidentAssessmentForm({ incident, onDone }: { incident: Incident; onDone: () => void }) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const queryClient = useQueryClient();
  const [assessment, setAssessment] = useState(incident.assessment ?? '');
  const [breach, setBreach] = useState(incident.personalDataBreach ?? false);
  const [notifyAuthority, setNotifyAuthority] = useState(incident.notifyAuthority ?? false);
  const [notifyClients, setNotifyClients] = useState(incident.notifyClients ?? false);
  const [authorityAt, setAuthorityAt] = useState(toLocalInput(incident.authorityNotifiedAt));
  const [clientsAt, setClientsAt] = useState(toLocalInput(incident.clientsNotifiedAt));
  const [closed, setClosed] = useState(false);
  const [tooShort, setTooShort] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      apiRequest<Incident>(`/api/incidents/${encodeURIComponent(incident.id)}/assessment`, {
        method: 'PUT',
        body: {
          assessment: assessment.trim(),
          personalDataBreach: breach,
          notifyAuthority,
          notifyClients,
          authorityNotifiedAt: notifyAuthority ? fromLocalInput(authorityAt) : null,
          clientsNotifiedAt: notifyClients ? fromLocalInput(clientsAt) : null,
          closed,
        },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: INCIDENTS_KEY });
      onDone();
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const short = assessment.trim().length < 10;
    setTooShort(short);
    if (!short) save.mutate();
  }
  const fieldError = (field: string) => fieldErrorText(t, save.error, field);
  return (
    <Paper
      p="md"
      radius="md"
      withBorder
      component="form"
      onSubmit={submit}
      noValidate
      aria-label={tp('incidents.assess')}
    >
      <Stack gap="sm">
        {save.isError &&
          !namesAnyField(save.error, ['assessment', 'authorityNotifiedAt', 'clientsNotifiedAt']) && (
            <Alert color="red" variant="light" role="alert">
              {t(requestErrorKey(save.error))}
            </Alert>
          )}
        <Textarea
          label={tp('incidents.assessment')}
          description={tp('incidents.assessmentHint')}
          required
          autosize
          minRows={3}
          maxLength={10000}
          value={assessment}
          onChange={(e) => setAssessment(e.currentTarget.value)}
          error={tooShort ? t('fieldError.tooShort', { min: 10 }) : fieldError('assessment')}
        />
        <Checkbox
          label={tp('incidents.breachQuestion')}
          checked={breach}
          onChange={(e) => setBreach(e.currentTarget.checked)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Stack gap="xs">
            <Checkbox
              label={tp('incidents.notifyAuthorityQuestion')}
              checked={notifyAuthority}
              onChange={(e) => setNotifyAuthority(e.currentTarget.checked)}
            />
            {notifyAuthority && (
              <TextInput
                type="datetime-local"
                label={tp('incidents.authorityNotifiedAt')}
                value={authorityAt}
                onChange={(e) => setAuthorityAt(e.currentTarget.value)}
                error={fieldError('authorityNotifiedAt')}
              />
            )}
          </Stack>
          <Stack gap="xs">
            <Checkbox
              label={tp('incidents.notifyClientsQuestion')}
              checked={notifyClients}
              onChange={(e) => setNotifyClients(e.currentTarget.checked)}
            />
            {notifyClients && (
              <TextInput
                type="datetime-local"
                label={tp('incidents.clientsNotifiedAt')}
                value={clientsAt}
                onChange={(e) => setClientsAt(e.currentTarget.value)}
                error={fieldError('clientsNotifiedAt')}
              />
            )}
          </Stack>
        </SimpleGrid>
        <Checkbox
          label={tp('incidents.closeQuestion')}
          checked={closed}
          onChange={(e) => setClosed(e.currentTarget.checked)}
        />
        <Group gap="sm">
          <Button type="submit" loading={save.isPending}>
            {tp('incidents.saveAssessment')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
