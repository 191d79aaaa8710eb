import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { CopyTextButton } from '../../shared/copy-text-button';
import { namesAnyField } from '../../shared/field-errors';
import { emailAddress, filledText, useSchemaForm } from '../../shared/form';
import { LANGUAGES, type Language } from '../../shared/i18n';
import { requestErrorKey } from '../../shared/request-error';
import { useLocations } from '../locations/locations-query';
import { INVITATIONS_KEY, TEAM_KEY } from './team-query';

const inviteSchema = z.object({
  name: filledText(200),
  email: emailAddress,
  role: z.enum(['practitioner', 'reception']),
  language: z.enum(LANGUAGES.map((option) => option.code) as [Language, ...Language[]]),
  locationIds: z.array(z.string()),
});

interface Invitation {
  invitationId: string;
  link: string;
  expiresAt: string;
}

export function InviteForm() {
  const { t } = useTranslation();
  const { t: tl } = useTranslation('locations');
  const time = useClinicTime();
  // Only a chain asks where the new colleague will work; a one-location clinic puts everyone there.
  const locations = useLocations().data ?? [];
  const queryClient = useQueryClient();
  const [sent, setSent] = useState<Invitation & { name: string; email: string }>();

  const invite = useMutation({
    mutationFn: ({ locationIds, ...body }: z.output<typeof inviteSchema>) =>
      apiPost<Invitation>('/api/staff/invitations', {
        ...body,
        ...(locationIds.length > 0 ? { locationIds } : {}),
      }),
    onSuccess: async (invitation, body) => {
      setSent({ ...invitation, name: body.name, email: body.email });
      form.setValues({ name: '', email: '' });
      await queryClient.invalidateQueries({ queryKey: TEAM_KEY });
      await queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY });
    },
  });
  // The invitation is written in the new colleague's language, not both.
  const { form, field, onSubmit } = useSchemaForm(
    inviteSchema,
    { name: '', email: '', role: 'practitioner', language: 'nl', locationIds: [] },
    invite.error,
  );
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="invite-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="invite-title">
          {t('team.inviteTitle')}
        </Title>
        <Text size="sm">{t('team.inviteIntro')}</Text>
        <form onSubmit={onSubmit((body) => invite.mutate(body))} noValidate>
          <Stack gap="sm">
            {invite.isError &&
              !namesAnyField(invite.error, ['name', 'email', 'role', 'language', 'locationIds']) && (
                <Alert color="red" variant="light" role="alert">
                  {t(requestErrorKey(invite.error))}
                </Alert>
              )}
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
              <TextInput label={t('team.name')} required autoComplete="off" {...field('name')} />
              <TextInput
                label={t('team.email')}
                type="email"
                inputMode="email"
                autoComplete="off"
                required
                {...field('email')}
              />
              <Select
                label={t('team.role')}
                data={[
                  { value: 'practitioner', label: t('roles.practitioner') },
                  { value: 'reception', label: t('roles.reception') },
                ]}
                {...field('role')}
                allowDeselect={false}
              />
              <Select
                label={t('team.language')}
                data={LANGUAGES.map((option) => ({ value: option.code, label: option.name }))}
                {...field('language')}
                allowDeselect={false}
              />
            </SimpleGrid>
            {locations.length > 1 && (
              <Checkbox.Group
                label={tl('staffLocations')}
                description={tl('inviteLocationsDescription')}
                {...field('locationIds')}
              >
                <Group gap="md" mt="xs">
                  {locations.map((location) => (
                    <Checkbox key={location.id} value={location.id} label={location.name} />
                  ))}
                </Group>
              </Checkbox.Group>
            )}
            <Button type="submit" loading={invite.isPending} w={{ base: '100%', sm: 'fit-content' }}>
              {t('team.inviteSubmit')}
            </Button>
          </Stack>
        </form>
        {sent && (
          <Alert
            color="teal"
            variant="light"
            title={t('team.invitedTitle', { name: sent.name })}
            role="status"
          >
            <Stack gap="xs">
              <Text size="sm">{t('team.invitedOutbox', { email: sent.email })}</Text>
              <Text size="sm">{t('team.invitedLink', { until: time.dateTime(sent.expiresAt) })}</Text>
              <Code block data-testid="invitation-link">
                {sent.link}
              </Code>
              <Group>
                <CopyTextButton value={sent.link} label={t('team.copyLink')} />
              </Group>
            </Stack>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
