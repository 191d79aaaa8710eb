import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api';
import type {
  Answers,
  AnswerValue,
  IntakeFormContent,
  IntakeLanguage,
  IntakeQuestion,
  SignedIntake,
} from './intake-types';
import { SignatureField } from './signature-field';

interface Props {
  form: IntakeFormContent;
  language: IntakeLanguage;
  onLanguageChange: (language: IntakeLanguage) => void;
  pending: boolean;
  error: unknown;
  onSign: (signed: SignedIntake) => void;
}

/** The client-facing intake: treatment and price, the questions, a drawn signature. */
export function IntakeForm({ form, language, onLanguageChange, pending, error, onSign }: Props) {
  const { i18n } = useTranslation();
  const t = useMemo(() => i18n.getFixedT(language), [i18n, language]);
  const [answers, setAnswers] = useState<Answers>({});
  const [signature, setSignature] = useState<string | undefined>();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const price = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'nl-NL', {
    style: 'currency',
    currency: 'EUR',
  }).format(form.priceCents / 100);

  const errorFor = (field: string) => localErrors[field] ?? serverFieldError(t, error, field);

  const set = (key: string, value: AnswerValue | undefined) => {
    setAnswers((current) => {
      const next = { ...current };
      if (value === undefined) delete next[key];
      else next[key] = value;
      return next;
    });
    setLocalErrors(({ [`answers.${key}`]: _gone, ...rest }) => rest);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    for (const question of form.template.questions) {
      const value = answers[question.key];
      const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
      if (question.required && empty) problems[`answers.${question.key}`] = t('intake.answerRequired');
    }
    if (!signature) problems.signature = t('intake.signatureRequired');
    setLocalErrors(problems);
    const first = Object.keys(problems)[0];
    if (first) {
      document.getElementById(first === 'signature' ? 'signature' : `q-${first.slice(8)}`)?.scrollIntoView({
        block: 'center',
      });
      return;
    }
    if (signature)
      onSign({
        answers,
        signature,
        language,
        ...(form.consent ? { statementVersion: form.consent.statementVersion } : {}),
      });
  };

  const unnamed =
    error instanceof ApiError &&
    !(error.problem.errors ?? []).some((e) => /^(body\.)?(answers\.|signature)/.test(e.field));

  return (
    <form onSubmit={submit} noValidate lang={language}>
      <Stack gap="lg">
        <Group justify="space-between" align="flex-start">
          <Title order={1}>{form.template.name[language]}</Title>
          <SegmentedControl
            aria-label={t('intake.languageLabel')}
            value={language}
            onChange={(value) => onLanguageChange(value === 'en' ? 'en' : 'nl')}
            data={[
              { value: 'nl', label: 'Nederlands' },
              { value: 'en', label: 'English' },
            ]}
          />
        </Group>
        <Paper p="md" radius="lg" withBorder data-testid="intake-treatment">
          <Text size="sm" c="dimmed">
            {t('intake.treatment')}
          </Text>
          <Text fw={600} size="lg">
            {form.treatmentName}
          </Text>
          <Text>{t('intake.price', { price })}</Text>
        </Paper>
        <Text>{t('intake.intro')}</Text>
        {form.template.questions.map((question) => (
          <QuestionField
            key={question.key}
            question={question}
            language={language}
            t={t}
            value={answers[question.key]}
            error={errorFor(`answers.${question.key}`)}
            onChange={(value) => set(question.key, value)}
          />
        ))}
        <SignatureField
          label={t('intake.signature')}
          hint={t('intake.signatureHint')}
          canvasLabel={t('intake.signatureCanvas')}
          clearLabel={t('intake.clearSignature')}
          error={errorFor('signature')}
          onChange={(value) => {
            setSignature(value);
            setLocalErrors(({ signature: _gone, ...rest }) => rest);
          }}
        />
        <Text size="sm">{t('intake.agreement', { price, treatment: form.treatmentName })}</Text>
        {form.consent && (
          <Text size="sm" data-testid="intake-consent">
            {form.consent.text[language]}{' '}
            <Anchor href={`/privacy?version=${form.consent.statementVersion}`} target="_blank" rel="noopener">
              {t('intake.privacyStatement', { version: form.consent.statementVersion })}
            </Anchor>
          </Text>
        )}
        {Object.keys(localErrors).length > 0 && (
          <Alert color="red" variant="light" role="alert">
            {t('intake.checkAnswers')}
          </Alert>
        )}
        {unnamed && (
          <Alert color="red" variant="light" role="alert">
            {t('intake.signFailed')}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" size="lg" loading={pending}>
            {t('intake.sign')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function serverFieldError(t: TFunction, error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const message = error.fieldError(field) ?? error.fieldError(`body.${field}`);
  if (message === undefined) return undefined;
  if (field === 'signature') return t('intake.signatureInvalid');
  return /required/.test(message) ? t('intake.answerRequired') : t('intake.answerInvalid');
}

interface QuestionProps {
  question: IntakeQuestion;
  language: IntakeLanguage;
  t: TFunction;
  value: AnswerValue | undefined;
  error: string | undefined;
  onChange: (value: AnswerValue | undefined) => void;
}

function QuestionField({ question, language, t, value, error, onChange }: QuestionProps) {
  const id = `q-${question.key}`;
  const label = question.label[language];
  const common = { id, label, required: question.required, error };
  switch (question.kind) {
    case 'yes_no':
      return (
        <Radio.Group
          {...common}
          value={value === true ? 'yes' : value === false ? 'no' : null}
          onChange={(next) => onChange(next === 'yes')}
        >
          <Group mt="xs" gap="xl">
            <Radio value="yes" label={t('intake.yes')} size="md" />
            <Radio value="no" label={t('intake.no')} size="md" />
          </Group>
        </Radio.Group>
      );
    case 'choice':
      if (question.multiple) {
        return (
          <Checkbox.Group
            {...common}
            value={Array.isArray(value) ? value : []}
            onChange={(next) => onChange(next)}
          >
            <Stack mt="xs" gap="xs">
              {(question.options ?? []).map((option) => (
                <Checkbox key={option.key} value={option.key} label={option.label[language]} size="md" />
              ))}
            </Stack>
          </Checkbox.Group>
        );
      }
      return (
        <Radio.Group {...common} value={typeof value === 'string' ? value : null} onChange={onChange}>
          <Stack mt="xs" gap="xs">
            {(question.options ?? []).map((option) => (
              <Radio key={option.key} value={option.key} label={option.label[language]} size="md" />
            ))}
          </Stack>
        </Radio.Group>
      );
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.currentTarget.value || undefined)}
        />
      );
    default:
      return (
        <Textarea
          {...common}
          autosize
          minRows={2}
          maxLength={2000}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.currentTarget.value || undefined)}
        />
      );
  }
}
