import { Alert, Badge, Button, Group, Loader, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import { OwnerOnly } from '../session/owner-only';
import { MailDialog } from './mail-dialog';
import { MailServerBanner } from './mail-server-banner';
import { KINDS } from './outbox-kinds';
import {
  OUTBOX_KEY,
  OUTBOX_STATUSES,
  type OutboxMail,
  type OutboxStatus,
  useMailServer,
  useOutbox,
} from './outbox-query';

function isKnownKind(kind: string): kind is (typeof KINDS)[number] {
  return (KINDS as readonly string[]).includes(kind);
}

/** The owner's outbox: what waits (without a mail server, everything), what failed, what went. */
export function OutboxPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('outbox.title')} · ${t('common.brand')}`);
  return (
    <OwnerOnly>
      <Stack gap="lg" maw={960}>
        <Title order={1}>{t('outbox.title')}</Title>
        <MailServerBanner />
        <Text c="dimmed">{t('outbox.intro')}</Text>
        <Tabs defaultValue="waiting" keepMounted={false}>
          <Tabs.List>
            {OUTBOX_STATUSES.map((status) => (
              <Tabs.Tab key={status} value={status}>
                {t(`outbox.tab.${status}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {OUTBOX_STATUSES.map((status) => (
            <Tabs.Panel key={status} value={status} pt="md">
              <MailList status={status} />
            </Tabs.Panel>
          ))}
        </Tabs>
      </Stack>
    </OwnerOnly>
  );
}

function MailList({ status }: { status: OutboxStatus }) {
  const { t } = useTranslation();
  const mails = useOutbox(status);
  const [opened, setOpened] = useState<OutboxMail>();
  if (mails.isPending) return <Loader role="status" aria-label={t('common.loading')} />;
  if (mails.isError) {
    return (
      <Alert color="red" variant="light" role="alert">
        {t(requestErrorKey(mails.error))}
      </Alert>
    );
  }
  if (mails.data.length === 0) return <Text c="dimmed">{t(`outbox.empty.${status}`)}</Text>;
  return (
    <>
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {mails.data.map((mail) => (
          <MailRow key={mail.id} mail={mail} onOpen={() => setOpened(mail)} />
        ))}
      </Stack>
      <MailDialog mail={opened} onClose={() => setOpened(undefined)} />
    </>
  );
}

function MailRow({ mail, onOpen }: { mail: OutboxMail; onOpen: () => void }) {
  const { t } = useTranslation();
  const { dateTime } = useClinicTime();
  const mailServer = useMailServer();
  const queryClient = useQueryClient();
  const resend = useMutation({
    mutationFn: () => apiPost<OutboxMail>(`/api/outbox/${encodeURIComponent(mail.id)}/resend`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: OUTBOX_KEY }),
  });
  const kind = isKnownKind(mail.kind) ? t(`outbox.kind.${mail.kind}`) : mail.kind;
  return (
    <Paper component="li" p="md" radius="lg" withBorder data-testid="outbox-mail">
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text fw={600} style={{ wordBreak: 'break-word' }}>
            {mail.subject}
          </Text>
          <Badge variant="light" tt="none">
            {kind}
          </Badge>
        </Group>
        <Text size="sm" style={{ wordBreak: 'break-all' }}>
          {t('outbox.to')} {mail.recipient}
        </Text>
        <Group gap="md" wrap="wrap">
          <Text size="sm" c="dimmed">
            {t('outbox.created', { at: dateTime(mail.createdAt) })}
          </Text>
          {mail.sentAt && (
            <Text size="sm" c="dimmed">
              {t('outbox.sent', { at: dateTime(mail.sentAt) })}
            </Text>
          )}
          <Text size="sm" c="dimmed">
            {t('outbox.attempts', { count: mail.attempts })}
          </Text>
          {mail.status === 'waiting' && mail.nextAttemptAt && (
            <Text size="sm" c="dimmed">
              {t('outbox.notBefore', { at: dateTime(mail.nextAttemptAt) })}
            </Text>
          )}
        </Group>
        {mail.status === 'failed' && (
          <Alert color="red" variant="light" p="xs">
            <Text size="sm">{t('outbox.error', { error: mail.lastError ?? '' })}</Text>
            <Text size="sm">
              {mail.nextAttemptAt
                ? t('outbox.nextTry', { at: dateTime(mail.nextAttemptAt) })
                : t('outbox.nextTryNow')}
            </Text>
          </Alert>
        )}
        {resend.isSuccess && (
          <Text size="sm" c="teal.8" role="status">
            {t('outbox.resent')}
          </Text>
        )}
        {resend.isError && (
          <Alert color="red" variant="light" role="alert" p="xs">
            {t(requestErrorKey(resend.error))}
          </Alert>
        )}
        <Group gap="xs" mt={4}>
          <Button size="compact-md" variant="light" onClick={onOpen}>
            {t('outbox.open')}
          </Button>
          {mail.status !== 'sent' && mailServer.data?.configured && (
            <Button
              size="compact-md"
              variant="default"
              loading={resend.isPending}
              onClick={() => resend.mutate()}
            >
              {t('outbox.resend')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
