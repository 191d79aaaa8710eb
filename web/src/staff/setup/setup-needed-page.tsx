import { Alert, Code, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

/** /app on an empty database: setup needs the one-time link the server printed in its console. */
export function SetupNeededPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('setupNeeded.title')} · ${t('common.brand')}`);
  return (
    <Stack gap="md" maw={640}>
      <Title order={1}>{t('setupNeeded.title')}</Title>
      <Paper p="lg" radius="lg" withBorder>
        <Stack gap="sm">
          <Text>{t('setupNeeded.text')}</Text>
          <Code block>http://…/app/setup#code=…</Code>
          <Text size="sm" c="dimmed">
            {t('setupNeeded.commandLine')}
          </Text>
          <Code block>npm run vellum -- setup --help</Code>
        </Stack>
      </Paper>
      <Alert color="gray" variant="light">
        {t('setupNeeded.privacy')}
      </Alert>
    </Stack>
  );
}
