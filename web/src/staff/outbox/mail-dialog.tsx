import { Alert, Button, Code, Divider, Group, Modal, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../shared/api';
import { CopyTextButton } from '../../shared/copy-text-button';
import { requestErrorKey } from '../../shared/request-error';
import type { OutboxMail } from './outbox-query';

const LINK = /https?:\/\/[^\s<>"]+/g;

/**
 * One e-mail: first as listed (links masked); for an unsent one, the owner can open it whole to pass
 * a link on by hand. The server logs each opening against the client.
 */
export function MailDialog({ mail, onClose }: { mail?: OutboxMail; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const whole = useMutation({
    mutationFn: (id: string) => apiGet<OutboxMail>(`/api/outbox/${encodeURIComponent(id)}`),
  });
  function close() {
    whole.reset();
    onClose();
  }
  const shown = whole.data && whole.data.id === mail?.id ? whole.data : undefined;
  const links = shown ? [...new Set(shown.body.match(LINK) ?? [])] : [];
  return (
    <Modal
      opened={mail !== undefined}
      onClose={close}
      title={mail?.subject}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      size="lg"
      fullScreen={phone}
      centered
    >
      {mail && (
        <Stack gap="md">
          <Text size="sm">
            <Text span fw={600}>
              {t('outbox.to')}
            </Text>{' '}
            {mail.recipient}
          </Text>
          <Code block data-testid="mail-body" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {shown ? shown.body : mail.body}
          </Code>
          {mail.status !== 'sent' && !shown && (
            <Stack gap="xs">
              <Text size="sm" c="dimmed">
                {t('outbox.wholeMailLogged')}
              </Text>
              <Button
                variant="light"
                w="fit-content"
                loading={whole.isPending}
                onClick={() => whole.mutate(mail.id)}
              >
                {t('outbox.showWholeMail')}
              </Button>
            </Stack>
          )}
          {whole.isError && (
            <Alert color="red" variant="light" role="alert">
              {t(requestErrorKey(whole.error))}
            </Alert>
          )}
          {shown && (
            <Stack gap="xs">
              <Alert color="blue" variant="light" role="status">
                {t('outbox.wholeMailShown')}
              </Alert>
              {links.map((link) => (
                <Group key={link} gap="xs" wrap="nowrap" align="flex-start">
                  <Text size="sm" style={{ wordBreak: 'break-all' }} flex={1}>
                    {link}
                  </Text>
                  <CopyTextButton value={link} label={t('outbox.copyLink')} />
                </Group>
              ))}
              <CopyTextButton value={shown.body} label={t('outbox.copyMail')} />
            </Stack>
          )}
          <Divider />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.close')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
