import { Alert, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiRequest } from '../../shared/api';
import type { ApiBody } from '../../shared/api-types';
import { namesAnyField } from '../../shared/field-errors';
import { trimmedAtLeast, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { fromLocalInput, toLocalInput } from '../dates';
import { privacyKeys } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { Incident } from '../privacy-types';

const assessmentSchema = z.object({
  assessment: trimmedAtLeast(10, 10_000),
  personalDataBreach: z.boolean(),
  notifyAuthority: z.boolean(),
  notifyClients: z.boolean(),
  // Local date-times (datetime-local), sent as instants only when the matching box is ticked.
  authorityNotifiedAt: z.string(),
  clientsNotifiedAt: z.string(),
  closed: z.boolean(),
});

/** The owner's assessment: a breach or not, whom to notify, when they were, and closing it. */
export function IncidentAssessmentForm({ incident, onDone }: { incident: Incident; onDone: () => void }) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (body: ApiBody<'/api/incidents/{incidentId}/assessment', 'put'>) =>
      apiRequest<Incident>(`/api/incidents/${encodeURIComponent(incident.id)}/assessment`, {
        method: 'PUT',
        body,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: privacyKeys.incidents });
      onDone();
    },
  });
  const { form, field, onSubmit } = useSchemaForm(
    assessmentSchema,
    {
      assessment: incident.assessment ?? '',
      personalDataBreach: incident.personalDataBreach ?? false,
      notifyAuthority: incident.notifyAuthority ?? false,
      notifyClients: incident.notifyClients ?? false,
      authorityNotifiedAt: toLocalInput(incident.authorityNotifiedAt),
      clientsNotifiedAt: toLocalInput(incident.clientsNotifiedAt),
      closed: false,
    },
    save.error,
  );
  const submit = onSubmit((values) =>
    save.mutate({
      ...values,
      authorityNotifiedAt: values.notifyAuthority ? fromLocalInput(values.authorityNotifiedAt) : null,
      clientsNotifiedAt: values.notifyClients ? fromLocalInput(values.clientsNotifiedAt) : null,
    }),
  );
  const { notifyAuthority, notifyClients } = form.values;
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
          {...field('assessment')}
        />
        <Checkbox
          label={tp('incidents.breachQuestion')}
          {...field('personalDataBreach', { checkbox: true })}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Stack gap="xs">
            <Checkbox
              label={tp('incidents.notifyAuthorityQuestion')}
              {...field('notifyAuthority', { checkbox: true })}
            />
            {notifyAuthority && (
              <TextInput
                type="datetime-local"
                label={tp('incidents.authorityNotifiedAt')}
                {...field('authorityNotifiedAt')}
              />
            )}
          </Stack>
          <Stack gap="xs">
            <Checkbox
              label={tp('incidents.notifyClientsQuestion')}
              {...field('notifyClients', { checkbox: true })}
            />
            {notifyClients && (
              <TextInput
                type="datetime-local"
                label={tp('incidents.clientsNotifiedAt')}
                {...field('clientsNotifiedAt')}
              />
            )}
          </Stack>
        </SimpleGrid>
        <Checkbox label={tp('incidents.closeQuestion')} {...field('closed', { checkbox: true })} />
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
