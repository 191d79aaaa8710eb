import {
  Alert,
  Button,
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
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { CopyTextButton } from '../../shared/copy-text-button';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
import { isLanguage, LANGUAGES, type Language } from '../../shared/i18n';
import { requestErrorKey } from '../../shared/request-error';
import { INVITATIONS_KEY, TEAM_KEY } from './team-query';

type InviteRole = 'practitioner' | 'reception';

interface Invitation {
  invitationId: string;
  link: string;
  expiresAt: string;
}

export function InviteForm() {
  const { t } = useTranslation();
  const time = useClinicTime();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<InviteRole>('practitioner');
  // The invitation is written in the new colleague's language, not both.
  const [language, setLanguage] = useState<Language>('nl');
  const [missing, setMissing] = useState<{ name?: boolean; email?: boolean }>({});
  const [sent, setSent] = useState<Invitation & { name: string; email: string }>();

  const invite = useMutation({
    mutationFn: () =>
      apiPost<Invitation>('/api/staff/invitations', {
        name: name.trim(),
        email: email.trim(),
        role,
        language,
      }),
    onSuccess: async (invitation) => {
      setSent({ ...invitation, name: name.trim(), email: email.trim() });
      setName('');
      setEmail('');
      await queryClient.invalidateQueries({ queryKey: TEAM_KEY });
      await queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY });
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const nowMissing = { name: name.trim() === '', email: email.trim() === '' };
    setMissing(nowMissing);
    if (!nowMissing.name && !nowMissing.email) invite.mutate();
  }

  const fieldError = (field: string) => fieldErrorText(t, invite.error, field);
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="invite-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="invite-title">
          {t('team.inviteTitle')}
        </Title>
        <Text size="sm">{t('team.inviteIntro')}</Text>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            {invite.isError && !namesAnyField(invite.error, ['name', 'email', 'role', 'language']) && (
              <Alert color="red" variant="light" role="alert">
                {t(requestErrorKey(invite.error))}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
              <TextInput
                label={t('team.name')}
                required
                autoComplete="off"
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={missing.name ? t('fieldError.required') : fieldError('name')}
              />
              <TextInput
                label={t('team.email')}
                type="email"
                inputMode="email"
                autoComplete="off"
                required
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={missing.email ? t('fieldError.required') : fieldError('email')}
              />
              <Select
                label={t('team.role')}
                data={[
                  { value: 'practitioner', label: t('roles.practitioner') },
                  { value: 'reception', label: t('roles.reception') },
                ]}
                value={role}
                onChange={(value) => setRole((value as InviteRole | null) ?? 'practitioner')}
                allowDeselect={false}
                error={fieldError('role')}
              />
              <Select
                label={t('team.language')}
                data={LANGUAGES.map((option) => ({ value: option.code, label: option.name }))}
                value={language}
                onChange={(value) => setLanguage(isLanguage(value) ? value : 'nl')}
                allowDeselect={false}
                error={fieldError('language')}
              />
            </SimpleGrid>
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
