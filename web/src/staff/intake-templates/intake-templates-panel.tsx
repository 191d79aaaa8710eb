import {
  Alert,
  Button,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IntakeLanguage } from '../../intake/intake-types';
import { apiGet } from '../../shared/api';
import { useTreatmentTypes } from '../catalogue/catalogue-query';
import { IntakeTemplateEditor } from './intake-template-editor';
import { PreviewModal } from './preview-modal';
import {
  type Question,
  ruleAnswers,
  TEMPLATES_KEY,
  type TemplateSummary,
  type TemplateVersion,
} from './template-types';

type View =
  | { mode: 'list' }
  | { mode: 'show'; key: string }
  | { mode: 'edit'; base: TemplateVersion }
  | { mode: 'new' };

/** Catalogue → Intakeformulieren: the forms, one form's latest version, and the editor for a new one. */
export function IntakeTemplatesPanel() {
  const [view, setView] = useState<View>({ mode: 'list' });
  if (view.mode === 'show')
    return (
      <TemplateDetail
        templateKey={view.key}
        onBack={() => setView({ mode: 'list' })}
        onNewVersion={(base) => setView({ mode: 'edit', base })}
      />
    );
  if (view.mode === 'edit' || view.mode === 'new')
    return (
      <IntakeTemplateEditor
        base={view.mode === 'edit' ? view.base : undefined}
        onCancel={() =>
          setView(view.mode === 'edit' ? { mode: 'show', key: view.base.key } : { mode: 'list' })
        }
        onPublished={(key) => setView({ mode: 'show', key })}
      />
    );
  return (
    <TemplateList onOpen={(key) => setView({ mode: 'show', key })} onNew={() => setView({ mode: 'new' })} />
  );
}

function useLanguage(): IntakeLanguage {
  const { i18n } = useTranslation();
  return i18n.resolvedLanguage === 'en' ? 'en' : 'nl';
}

function useDate() {
  const language = useLanguage();
  const format = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'nl-NL', { dateStyle: 'long' });
  return (iso: string) => format.format(new Date(iso));
}

function TemplateList({ onOpen, onNew }: { onOpen: (key: string) => void; onNew: () => void }) {
  const { t } = useTranslation('intakeEditor');
  const language = useLanguage();
  const date = useDate();
  const templates = useQuery({
    queryKey: TEMPLATES_KEY,
    queryFn: ({ signal }) => apiGet<TemplateSummary[]>('/api/intake-templates', signal),
  });
  const types = useTreatmentTypes();
  const typeNames = (ids: string[]) =>
    ids.map((id) => types.data?.find((type) => type.id === id)?.name ?? '…').join(', ');
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Text c="dimmed" maw={640}>
          {t('intro')}
        </Text>
        <Button onClick={onNew}>{t('newForm')}</Button>
      </Group>
      {templates.isPending ? (
        <Loader role="status" aria-label={t('tab')} />
      ) : templates.isError ? (
        <Alert color="red" variant="light" role="alert">
          {t('loadFailed')}
        </Alert>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="intake-templates">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('name')}</Table.Th>
                <Table.Th>{t('version')}</Table.Th>
                <Table.Th>{t('published')}</Table.Th>
                <Table.Th>{t('usedBy')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('open')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {templates.data.map((template) => (
                <Table.Tr key={template.key} data-testid={`intake-template-${template.key}`}>
                  <Table.Td>
                    <Text fw={500}>{template.name[language]}</Text>
                    <Text size="sm" c="dimmed">
                      {template.key}
                    </Text>
                  </Table.Td>
                  <Table.Td>{template.latestVersion}</Table.Td>
                  <Table.Td>{date(template.publishedAt)}</Table.Td>
                  <Table.Td>
                    {template.linkedTreatmentTypeIds.length > 0 ? (
                      typeNames(template.linkedTreatmentTypeIds)
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('usedByNone')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      onClick={() => onOpen(template.key)}
                      aria-label={t('openNamed', { name: template.name[language] })}
                    >
                      {t('open')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function TemplateDetail({
  templateKey,
  onBack,
  onNewVersion,
}: {
  templateKey: string;
  onBack: () => void;
  onNewVersion: (base: TemplateVersion) => void;
}) {
  const { t } = useTranslation('intakeEditor');
  const language = useLanguage();
  const date = useDate();
  const [previewing, setPreviewing] = useState(false);
  const latest = useQuery({
    queryKey: [...TEMPLATES_KEY, templateKey, 'latest'],
    queryFn: ({ signal }) =>
      apiGet<TemplateVersion>(`/api/intake-templates/${templateKey}/versions/latest`, signal),
  });
  return (
    <Stack gap="md">
      <Button variant="subtle" w="fit-content" px={0} onClick={onBack}>
        ← {t('back')}
      </Button>
      {latest.isPending ? (
        <Loader role="status" aria-label={t('tab')} />
      ) : latest.isError ? (
        <Alert color="red" variant="light" role="alert">
          {t('loadFailed')}
        </Alert>
      ) : (
        <>
          <Group justify="space-between" align="flex-start" wrap="wrap">
            <Stack gap={2}>
              <Title order={2}>{latest.data.name[language]}</Title>
              <Text c="dimmed" data-testid="intake-template-version">
                {t('versionOf', { version: latest.data.version, date: date(latest.data.publishedAt) })}
              </Text>
            </Stack>
            <Group gap="sm">
              <Button variant="default" onClick={() => setPreviewing(true)}>
                {t('preview')}
              </Button>
              <Button onClick={() => onNewVersion(latest.data)}>{t('newVersion')}</Button>
            </Group>
          </Group>
          <Title order={3} size="h4">
            {t('questions')}
          </Title>
          <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {latest.data.questions.map((question) => (
              <QuestionSummary key={question.key} question={question} />
            ))}
          </Stack>
          <PreviewModal
            opened={previewing}
            onClose={() => setPreviewing(false)}
            name={latest.data.name}
            version={latest.data.version}
            questions={latest.data.questions}
          />
        </>
      )}
    </Stack>
  );
}

function QuestionSummary({ question }: { question: Question }) {
  const { t } = useTranslation('intakeEditor');
  const language = useLanguage();
  const answers = ruleAnswers(question, t, language);
  return (
    <Paper component="li" withBorder p="sm" radius="md">
      <Text size="sm" c="dimmed" mb={4}>
        {[
          t(`kinds.${question.kind}`),
          t(`topics.${question.topic}`),
          question.required ? t('required') : t('optional'),
        ].join(' · ')}
      </Text>
      <Text fw={500}>{question.label[language]}</Text>
      {question.kind === 'choice' && (
        <Text size="sm" c="dimmed">
          {(question.options ?? []).map((o) => o.label[language]).join(' · ')}
        </Text>
      )}
      {(question.rules ?? []).map((rule, i) => (
        <Text
          // biome-ignore lint/suspicious/noArrayIndexKey: a published version never changes order
          key={`${question.key}-rule-${i}`}
          size="sm"
          c={rule.effect === 'rules_out' ? 'red.9' : undefined}
        >
          {t('ruleSummary', {
            when: rule.when.map((w) => answers.find((a) => a.value === w)?.label ?? w).join(', '),
            effect: t(`effects.${rule.effect}`),
            warning: rule.warning[language],
          })}
        </Text>
      ))}
    </Paper>
  );
}
