import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  MultiSelect,
  Paper,
  Radio,
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
import { ApiError, apiPost } from '../../shared/api';
import { useSchemaForm } from '../../shared/form';
import { useTreatmentTypes } from '../catalogue/catalogue-query';
import { PreviewModal } from './preview-modal';
import {
  FORM_KEY,
  QUESTION_KINDS,
  QUESTION_TOPICS,
  type Question,
  RULE_EFFECTS,
  type Rule,
  ruleAnswers,
  TEMPLATES_KEY,
  type TemplateVersion,
  type Translated,
  templateFieldError,
} from './template-types';

/** A question in the editor: a stable id for React, apart from its key that the owner may edit. */
type Draft = Question & { uid: number };

let nextUid = 1;
const withUid = (question: Question): Draft => ({ ...question, uid: nextUid++ });

function freshKey(questions: Draft[]): string {
  for (let n = questions.length + 1; ; n++) {
    const key = `vraag_${n}`;
    if (!questions.some((q) => q.key === key)) return key;
  }
}

/** What the server takes: a question without the editor's id, and only the parts its kind has. */
function toQuestion({ uid: _uid, ...question }: Draft): Question {
  const out: Question = {
    key: question.key.trim(),
    kind: question.kind,
    topic: question.topic,
    label: question.label,
    required: question.required,
  };
  if (question.kind === 'choice') {
    out.options = question.options ?? [];
    if (question.multiple) out.multiple = true;
  }
  if ((question.rules ?? []).length > 0) out.rules = question.rules;
  return out;
}

/**
 * What the browser checks: a new form's key has the shape the server takes. Everything else (texts
 * in both languages, options, rules) the server judges and names field by field, shown at the field.
 */
const editorShape = (key: z.ZodString) =>
  z.object({
    key,
    name: z.object({ nl: z.string().trim(), en: z.string().trim() }),
    questions: z.array(z.custom<Draft>()),
  });
const NEW_FORM = editorShape(z.string().regex(FORM_KEY, 'intakeEditor:fieldError.key'));
// A new version keeps its form's key; it is not sent.
const NEW_VERSION = editorShape(z.string());

/** The value at a field path the server names (`questions.2.label.nl`). */
function valueAt(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (at, part) =>
        at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined,
      value,
    );
}

/**
 * A new version of a form (a copy of its latest, `base`) or a new form: questions added, removed
 * and reordered, each with its kind, texts in Dutch and English, whether it is required, and its
 * contra-indication rules. Publishing makes a new version; the server checks everything and names
 * each field it refuses, shown next to that field.
 */
export function IntakeTemplateEditor({
  base,
  onCancel,
  onPublished,
}: {
  base?: TemplateVersion;
  onCancel: () => void;
  onPublished: (key: string) => void;
}) {
  const { t, i18n } = useTranslation('intakeEditor');
  const language = i18n.resolvedLanguage === 'en' ? 'en' : 'nl';
  const queryClient = useQueryClient();
  const { form, field, onSubmit } = useSchemaForm(base ? NEW_VERSION : NEW_FORM, {
    key: '',
    name: base?.name ?? { nl: '', en: '' },
    questions: (base?.questions ?? []).map(withUid),
  });
  const { key, name, questions } = form.getValues();
  const [previewing, setPreviewing] = useState(false);
  const nextVersion = (base?.version ?? 0) + 1;

  const publish = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      base
        ? apiPost<TemplateVersion>(`/api/intake-templates/${base.key}/versions`, body)
        : apiPost<TemplateVersion>('/api/intake-templates', body),
    onSuccess: async (published) => {
      await queryClient.invalidateQueries({ queryKey: TEMPLATES_KEY });
      onPublished(published.key);
    },
  });
  const error = publish.error;
  // What was last sent: a field's error shows until the owner changes that field.
  const [sent, setSent] = useState<Record<string, unknown> | null>(null);
  const draft = { key, name, questions: questions.map(toQuestion) };
  const fieldError = (path: string) =>
    JSON.stringify(valueAt(draft, path)) === JSON.stringify(valueAt(sent, path))
      ? templateFieldError(t, error, path)
      : undefined;

  const update = (index: number, change: Partial<Question>) => {
    const question = questions[index];
    if (question) form.setFieldValue(`questions.${index}`, { ...question, ...change });
  };
  const move = (index: number, by: number) =>
    form.reorderListItem('questions', { from: index, to: index + by });

  const submit = onSubmit((values) => {
    setSent(draft);
    publish.mutate({
      ...(base ? {} : { key: values.key }),
      name: values.name,
      questions: draft.questions,
    });
  });

  const conflict = error instanceof ApiError && error.status === 409 && sent?.key === key;
  const named = error instanceof ApiError && (error.problem.errors ?? []).length > 0;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={2}>
          {base
            ? t('editor.newVersionTitle', { name: base.name[language], version: nextVersion })
            : t('editor.newFormTitle')}
        </Title>
        <Alert color="blue" variant="light" data-testid="intake-editor-immutable">
          {base ? t('editor.immutable', { version: nextVersion }) : t('editor.immutableNew')}
        </Alert>
        {!base && (
          <TextInput
            label={t('key')}
            description={t('editor.keyDescription')}
            required
            {...field('key')}
            error={field('key').error ?? (conflict ? t('editor.keyTaken') : fieldError('key'))}
            maxLength={64}
            autoCapitalize="off"
            spellCheck={false}
            data-testid="intake-template-key"
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('editor.nameNl')}
            required
            {...field('name.nl')}
            error={fieldError('name.nl')}
            lang="nl"
          />
          <TextInput
            label={t('editor.nameEn')}
            required
            {...field('name.en')}
            error={fieldError('name.en')}
            lang="en"
          />
        </SimpleGrid>
        <Title order={3} size="h4">
          {t('questions')}
        </Title>
        {fieldError('questions') && (
          <Text c="red.8" size="sm" role="alert">
            {fieldError('questions')}
          </Text>
        )}
        {questions.map((question, index) => (
          <QuestionEditor
            key={question.uid}
            question={question}
            index={index}
            count={questions.length}
            fieldError={(field) => fieldError(`questions.${index}${field}`)}
            onChange={(change) => update(index, change)}
            onMove={(by) => move(index, by)}
            onRemove={() => form.removeListItem('questions', index)}
          />
        ))}
        <Button
          variant="light"
          w="fit-content"
          onClick={() =>
            form.insertListItem(
              'questions',
              withUid({
                key: freshKey(questions),
                kind: 'yes_no',
                topic: 'contra_indication',
                label: { nl: '', en: '' },
                required: true,
              }),
            )
          }
        >
          {t('editor.addQuestion')}
        </Button>
        {named && (
          <Alert color="red" variant="light" role="alert">
            {t('editor.checkFields')}
          </Alert>
        )}
        {error && !named && !conflict && (
          <Alert color="red" variant="light" role="alert">
            {t('editor.failed')}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('editor.cancel')}
          </Button>
          <Button variant="default" onClick={() => setPreviewing(true)}>
            {t('preview')}
          </Button>
          <Button type="submit" loading={publish.isPending}>
            {t('editor.publish')}
          </Button>
        </Group>
      </Stack>
      <PreviewModal
        opened={previewing}
        onClose={() => setPreviewing(false)}
        name={name}
        version={nextVersion}
        questions={questions.map(toQuestion).filter((q) => q.key)}
      />
    </form>
  );
}

function QuestionEditor({
  question,
  index,
  count,
  fieldError,
  onChange,
  onMove,
  onRemove,
}: {
  question: Draft;
  index: number;
  count: number;
  fieldError: (field: string) => string | undefined;
  onChange: (change: Partial<Question>) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  const { t, i18n } = useTranslation('intakeEditor');
  const language = i18n.resolvedLanguage === 'en' ? 'en' : 'nl';
  const number = index + 1;
  const options = question.options ?? [];
  const rules = question.rules ?? [];
  const canHaveRules = question.kind === 'yes_no' || question.kind === 'choice';
  const setOption = (j: number, change: Partial<{ key: string; label: Translated }>) =>
    onChange({ options: options.map((o, k) => (k === j ? { ...o, ...change } : o)) });
  const setRule = (j: number, change: Partial<Rule>) =>
    onChange({ rules: rules.map((r, k) => (k === j ? { ...r, ...change } : r)) });
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md" data-testid={`question-${index}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={4} size="h5">
            {t('editor.question', { number })}
          </Title>
          <Group gap={4} wrap="nowrap">
            <ActionIcon
              variant="subtle"
              aria-label={t('editor.moveUp', { number })}
              disabled={index === 0}
              onClick={() => onMove(-1)}
            >
              ↑
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              aria-label={t('editor.moveDown', { number })}
              disabled={index === count - 1}
              onClick={() => onMove(1)}
            >
              ↓
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('editor.remove', { number })}
              onClick={onRemove}
            >
              ✕
            </ActionIcon>
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('editor.labelNl')}
            required
            value={question.label.nl}
            onChange={(e) => onChange({ label: { ...question.label, nl: e.currentTarget.value } })}
            error={fieldError('.label.nl')}
            lang="nl"
          />
          <TextInput
            label={t('editor.labelEn')}
            required
            value={question.label.en}
            onChange={(e) => onChange({ label: { ...question.label, en: e.currentTarget.value } })}
            error={fieldError('.label.en')}
            lang="en"
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('editor.kind')}
            data={QUESTION_KINDS.map((kind) => ({ value: kind, label: t(`kinds.${kind}`) }))}
            value={question.kind}
            allowDeselect={false}
            onChange={(kind) => {
              const next = (kind ?? 'yes_no') as Question['kind'];
              onChange({
                kind: next,
                // A kind's own parts: a choice starts with two options; rules name answers of the new kind.
                options:
                  next === 'choice'
                    ? options.length > 0
                      ? options
                      : [
                          { key: 'optie_1', label: { nl: '', en: '' } },
                          { key: 'optie_2', label: { nl: '', en: '' } },
                        ]
                    : [],
                rules: next === 'yes_no' || next === 'choice' ? rules.map((r) => ({ ...r, when: [] })) : [],
              });
            }}
            error={fieldError('.kind')}
          />
          <Select
            label={t('editor.topic')}
            data={QUESTION_TOPICS.map((topic) => ({ value: topic, label: t(`topics.${topic}`) }))}
            value={question.topic}
            allowDeselect={false}
            onChange={(topic) => onChange({ topic: (topic ?? 'medical') as Question['topic'] })}
          />
          <TextInput
            label={t('editor.questionKey')}
            value={question.key}
            onChange={(e) => onChange({ key: e.currentTarget.value })}
            error={fieldError('.key')}
            maxLength={64}
            autoCapitalize="off"
            spellCheck={false}
          />
        </SimpleGrid>
        <Group gap="lg">
          <Checkbox
            label={t('editor.required')}
            checked={question.required}
            onChange={(e) => onChange({ required: e.currentTarget.checked })}
          />
          {question.kind === 'choice' && (
            <Checkbox
              label={t('editor.multiple')}
              checked={question.multiple ?? false}
              onChange={(e) => onChange({ multiple: e.currentTarget.checked })}
            />
          )}
        </Group>
        {question.kind === 'choice' && (
          <Fieldset legend={t('editor.options')} variant="filled">
            <Stack gap="xs">
              {fieldError('.options') && (
                <Text c="red.8" size="sm">
                  {fieldError('.options')}
                </Text>
              )}
              {options.map((option, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own; their inputs are controlled
                <Group key={`option-${j}`} align="flex-end" gap="xs" wrap="wrap">
                  <TextInput
                    label={`${t('editor.option', { number: j + 1 })}: ${t('editor.optionNl')}`}
                    value={option.label.nl}
                    onChange={(e) => setOption(j, { label: { ...option.label, nl: e.currentTarget.value } })}
                    error={fieldError(`.options.${j}.label.nl`)}
                    lang="nl"
                    style={{ flex: '1 1 12rem' }}
                  />
                  <TextInput
                    label={t('editor.optionEn')}
                    value={option.label.en}
                    onChange={(e) => setOption(j, { label: { ...option.label, en: e.currentTarget.value } })}
                    error={fieldError(`.options.${j}.label.en`)}
                    lang="en"
                    style={{ flex: '1 1 12rem' }}
                  />
                  <TextInput
                    label={t('editor.optionKey')}
                    value={option.key}
                    onChange={(e) => setOption(j, { key: e.currentTarget.value })}
                    error={fieldError(`.options.${j}.key`)}
                    style={{ flex: '0 1 9rem' }}
                    spellCheck={false}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mb={6}
                    aria-label={t('editor.removeOption', { number: j + 1 })}
                    onClick={() => onChange({ options: options.filter((_, k) => k !== j) })}
                  >
                    ✕
                  </ActionIcon>
                </Group>
              ))}
              <Button
                variant="subtle"
                size="compact-sm"
                w="fit-content"
                onClick={() =>
                  onChange({
                    options: [...options, { key: `optie_${options.length + 1}`, label: { nl: '', en: '' } }],
                  })
                }
              >
                {t('editor.addOption')}
              </Button>
            </Stack>
          </Fieldset>
        )}
        {canHaveRules && (
          <Fieldset legend={t('editor.rules')} variant="unstyled">
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                {t('editor.rulesHelp')}
              </Text>
              {rules.map((rule, j) => (
                <RuleEditor
                  // biome-ignore lint/suspicious/noArrayIndexKey: rules have no identity of their own; their inputs are controlled
                  key={`rule-${j}`}
                  question={question}
                  rule={rule}
                  number={j + 1}
                  language={language}
                  fieldError={(field) => fieldError(`.rules.${j}${field}`)}
                  onChange={(change) => setRule(j, change)}
                  onRemove={() => onChange({ rules: rules.filter((_, k) => k !== j) })}
                />
              ))}
              <Button
                variant="subtle"
                size="compact-sm"
                w="fit-content"
                onClick={() =>
                  onChange({
                    rules: [
                      ...rules,
                      {
                        when: question.kind === 'yes_no' ? ['yes'] : [],
                        effect: 'rules_out',
                        treatmentTypes: 'all_linked',
                        warning: { nl: '', en: '' },
                      },
                    ],
                  })
                }
              >
                {t('editor.addRule')}
              </Button>
            </Stack>
          </Fieldset>
        )}
      </Stack>
    </Paper>
  );
}

function RuleEditor({
  question,
  rule,
  number,
  language,
  fieldError,
  onChange,
  onRemove,
}: {
  question: Question;
  rule: Rule;
  number: number;
  language: 'nl' | 'en';
  fieldError: (field: string) => string | undefined;
  onChange: (change: Partial<Rule>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('intakeEditor');
  const types = useTreatmentTypes();
  const chosen = Array.isArray(rule.treatmentTypes);
  return (
    <Paper withBorder p="sm" radius="sm" bg="var(--mantine-color-red-0)" data-testid="intake-rule">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm">
            {t('editor.rule', { number })}
          </Text>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t('editor.removeRule', { number })}
            onClick={onRemove}
          >
            ✕
          </ActionIcon>
        </Group>
        {fieldError('') && (
          <Text c="red.8" size="sm">
            {fieldError('')}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <MultiSelect
            label={t('editor.when')}
            data={ruleAnswers(question, t, language)}
            value={rule.when}
            onChange={(when) => onChange({ when })}
            error={fieldError('.when')}
          />
          <Select
            label={t('editor.effect')}
            data={RULE_EFFECTS.map((effect) => ({ value: effect, label: t(`effects.${effect}`) }))}
            value={rule.effect}
            allowDeselect={false}
            onChange={(effect) => onChange({ effect: (effect ?? 'rules_out') as Rule['effect'] })}
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Radio.Group
            label={t('editor.appliesTo')}
            value={chosen ? 'chosen' : 'all_linked'}
            onChange={(value) => onChange({ treatmentTypes: value === 'chosen' ? [] : 'all_linked' })}
          >
            <Group gap="lg" mt={4}>
              <Radio value="all_linked" label={t('editor.allLinked')} />
              <Radio value="chosen" label={t('editor.chosenTypes')} />
            </Group>
          </Radio.Group>
          {Array.isArray(rule.treatmentTypes) && (
            <MultiSelect
              label={t('editor.treatmentTypes')}
              data={(types.data ?? []).map((type) => ({ value: type.id, label: type.name }))}
              value={rule.treatmentTypes}
              onChange={(ids) => onChange({ treatmentTypes: ids })}
              error={fieldError('.treatmentTypes')}
              searchable
            />
          )}
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('editor.warningNl')}
            value={rule.warning.nl}
            onChange={(e) => onChange({ warning: { ...rule.warning, nl: e.currentTarget.value } })}
            error={fieldError('.warning.nl')}
            lang="nl"
          />
          <TextInput
            label={t('editor.warningEn')}
            value={rule.warning.en}
            onChange={(e) => onChange({ warning: { ...rule.warning, en: e.currentTarget.value } })}
            error={fieldError('.warning.en')}
            lang="en"
          />
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
