import { Alert, Anchor, Group, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useClinicName } from '../../public/clinic-name';
import { requestErrorKey } from '../../shared/request-error';
import { useClinicDay } from '../dates';
import { useStatement } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { StatementSection } from '../privacy-types';
import classes from './public-privacy.module.css';

/**
 * /privacy: the statement as published now, in the site's language, with its version;
 * /privacy?version=N: an earlier version, as a client saw it when giving consent.
 */
export function PrivacyStatementPage() {
  const { t, i18n } = useTranslation();
  const tp = usePrivacyText();
  const clinic = useClinicName();
  const day = useClinicDay();
  useDocumentTitle(`${tp('statement.title')} · ${clinic}`);
  const [params] = useSearchParams();
  const asked = Number(params.get('version'));
  const version = Number.isInteger(asked) && asked > 0 ? asked : undefined;
  const statement = useStatement(version);
  if (statement.isPending) return <Loader role="status" aria-label={t('common.loading')} my="xl" />;
  if (statement.isError) {
    return (
      <Stack gap="md" className={classes.column}>
        <Title order={1}>{tp('statement.title')}</Title>
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(statement.error))}
        </Alert>
      </Stack>
    );
  }
  const text = statement.data.texts[i18n.resolvedLanguage === 'en' ? 'en' : 'nl'];
  return (
    <Stack gap="lg" className={classes.column}>
      <Stack gap={4}>
        <Title order={1}>{text.title}</Title>
        <Text c="dimmed" size="sm" data-testid="statement-version">
          {tp('statement.version', {
            version: statement.data.version,
            date: day(statement.data.publishedAt),
          })}
        </Text>
        {version !== undefined && (
          <Alert color="gray" variant="light" mt="xs">
            {tp('statement.earlierVersion')}{' '}
            <Anchor component={Link} to="/privacy">
              {tp('statement.currentLink')}
            </Anchor>
          </Alert>
        )}
      </Stack>
      {text.sections.map((section) => (
        <Stack key={section.heading} component="section" gap="xs">
          <Title order={2} size="h3">
            {section.heading}
          </Title>
          {withBullets(section).map((block) =>
            typeof block === 'string' ? (
              <Text key={block}>{block}</Text>
            ) : (
              <List key="bullets" spacing={4} className={classes.bullets}>
                {block.bullets.map((bullet) => (
                  <List.Item key={bullet}>{bullet}</List.Item>
                ))}
              </List>
            ),
          )}
        </Stack>
      ))}
      <Paper component="aside" p="lg" radius="lg" className={classes.card} aria-labelledby="your-data-title">
        <Stack gap="xs">
          <Title order={2} size="h4" id="your-data-title">
            {tp('statement.yourDataTitle')}
          </Title>
          <Text>{tp('statement.yourDataText')}</Text>
          <Group gap="lg">
            <Anchor component={Link} to="/privacy-portal" fw={600}>
              {tp('statement.portalLink')}
            </Anchor>
            <Anchor component={Link} to="/privacy/report" fw={600}>
              {tp('statement.reportLink')}
            </Anchor>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}

/**
 * A section's paragraphs with its list in place: right after the paragraph that introduces it (the
 * one ending in a colon), or else after the last paragraph.
 */
function withBullets(section: StatementSection): (string | { bullets: string[] })[] {
  const bullets = section.bullets ?? [];
  if (bullets.length === 0) return section.paragraphs;
  const intro = section.paragraphs.findIndex((paragraph) => paragraph.trimEnd().endsWith(':'));
  const at = intro === -1 ? section.paragraphs.length : intro + 1;
  return [...section.paragraphs.slice(0, at), { bullets }, ...section.paragraphs.slice(at)];
}
