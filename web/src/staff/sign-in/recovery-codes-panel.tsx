import { Alert, Button, Code, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { CopyTextButton } from '../../shared/copy-text-button';
import { useNextPath } from '../session/use-next-path';

/** Shown once, right after enrolment: the server keeps only hashes of these codes. */
export function RecoveryCodesPanel({ codes }: { codes: string[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const next = useNextPath();

  async function done() {
    await navigate(next ?? '/app', { replace: true });
  }

  return (
    <Stack align="center" py={{ base: 'md', sm: 'xl' }}>
      <Paper component="section" w="100%" maw={560} p={{ base: 'lg', sm: 'xl' }} radius="lg" withBorder>
        <Stack gap="md">
          <Title order={1} size="h2">
            {t('recoveryCodes.title')}
          </Title>
          <Alert color="yellow" variant="light" title={t('recoveryCodes.warningTitle')}>
            {t('recoveryCodes.warning')}
          </Alert>
          <SimpleGrid
            cols={2}
            spacing="xs"
            component="ul"
            aria-label={t('recoveryCodes.listLabel')}
            p={0}
            m={0}
          >
            {codes.map((code) => (
              <Code key={code} component="li" fz="md" p="xs" ta="center" data-testid="recovery-code">
                {code}
              </Code>
            ))}
          </SimpleGrid>
          <CopyTextButton value={codes.join('\n')} label={t('recoveryCodes.copy')} />
          <Text size="sm" c="dimmed">
            {t('recoveryCodes.howToUse')}
          </Text>
          <Button onClick={() => void done()}>{t('recoveryCodes.saved')}</Button>
        </Stack>
      </Paper>
    </Stack>
  );
}
