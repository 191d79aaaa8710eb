import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPage({ area }: { area: 'public' | 'staff' }) {
  const { t } = useTranslation();
  useDocumentTitle(`${t('notFound.title')} · ${t('common.brand')}`);
  return (
    <Stack gap="md" py="xl" maw={560}>
      <Title order={1}>{t('notFound.title')}</Title>
      <Text>{t('notFound.text')}</Text>
      <Anchor component={Link} to={area === 'staff' ? '/app' : '/'}>
        {area === 'staff' ? t('notFound.staffHomeLink') : t('notFound.homeLink')}
      </Anchor>
    </Stack>
  );
}
