import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useClinicName } from './clinic-name';
import classes from './home-page.module.css';

const HIGHLIGHTS = [
  { title: 'public.careTitle', text: 'public.careText' },
  { title: 'public.expertiseTitle', text: 'public.expertiseText' },
  { title: 'public.privacyTitle', text: 'public.privacyText' },
] as const;

export function HomePage() {
  const { t } = useTranslation();
  const clinic = useClinicName();
  useDocumentTitle(`${t('public.homeTitle')} · ${clinic}`);
  return (
    <>
      <Stack gap="lg" className={classes.hero}>
        <Title order={1} className={classes.heroTitle}>
          {t('public.heroTitle', { clinic })}
        </Title>
        <Text className={classes.lead}>{t('public.heroLead')}</Text>
      </Stack>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg" pb={64}>
        {HIGHLIGHTS.map((item) => (
          <Paper key={item.title} component="section" p="lg" radius="lg" className={classes.card}>
            <Title order={2} size="h4" className={classes.cardTitle} mb="xs">
              {t(item.title)}
            </Title>
            <Text>{t(item.text)}</Text>
          </Paper>
        ))}
      </SimpleGrid>
    </>
  );
}
