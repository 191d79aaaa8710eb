import type { TFunction } from 'i18next';
import { ApiError } from '../../shared/api';

/** The template model of src/modules/intake/template.ts, as the API sends and takes it. */
export type Translated = { nl: string; en: string };
export const QUESTION_KINDS = ['yes_no', 'choice', 'text', 'date'] as const;
export const QUESTION_TOPICS = ['contra_indication', 'medication', 'allergy', 'medical'] as const;
export const RULE_EFFECTS = ['rules_out', 'affects'] as const;

export interface Rule {
  when: string[];
  effect: (typeof RULE_EFFECTS)[number];
  treatmentTypes: 'all_linked' | string[];
  warning: Translated;
}

export interface Question {
  key: string;
  kind: (typeof QUESTION_KINDS)[number];
  topic: (typeof QUESTION_TOPICS)[number];
  label: Translated;
  required: boolean;
  options?: { key: string; label: Translated }[];
  multiple?: boolean;
  rules?: Rule[];
}

export interface TemplateSummary {
  key: string;
  name: Translated;
  latestVersion: number;
  publishedAt: string;
  linkedTreatmentTypeIds: string[];
}

export interface TemplateVersion {
  key: string;
  version: number;
  name: Translated;
  questions: Question[];
  publishedAt: string;
}

export const TEMPLATES_KEY = ['intake-templates'] as const;

/** The server checks a key as /^[a-z][a-z0-9_]{1,63}$/ (the form's) and /^[a-z][a-z0-9_]{0,63}$/ (a question's). */
export const FORM_KEY = /^[a-z][a-z0-9_]{1,63}$/;

/**
 * The server's message for a field, in the owner's language. The server names the field
 * (`questions.2.label.nl`) and says what is wrong in English; known messages get their own text.
 */
export function templateFieldError(t: TFunction<'intakeEditor'>, error: unknown, field: string) {
  if (!(error instanceof ApiError)) return undefined;
  const message = error.fieldError(field) ?? error.fieldError(`body.${field}`);
  if (message === undefined) return undefined;
  if (/is empty/.test(message)) return t('fieldError.empty');
  if (/lower-case/.test(message)) return t('fieldError.key');
  if (/used twice/.test(message)) return t('fieldError.twice');
  if (/at least two options/.test(message)) return t('fieldError.twoOptions');
  if (/names no answer/.test(message)) return t('fieldError.noAnswer');
  if (/names no treatment type/.test(message)) return t('fieldError.noType');
  if (/only yes\/no and choice/.test(message)) return t('fieldError.ruleKind');
  if (/at least one question/.test(message)) return t('editor.noQuestions');
  return t('fieldError.invalid');
}

/** The answers a rule can name: yes/no, or the choice's option keys. */
export function ruleAnswers(question: Question, t: TFunction<'intakeEditor'>, language: 'nl' | 'en') {
  if (question.kind === 'yes_no')
    return [
      { value: 'yes', label: t('yes') },
      { value: 'no', label: t('no') },
    ];
  if (question.kind === 'choice')
    return (question.options ?? [])
      .filter((o) => o.key)
      .map((o) => ({ value: o.key, label: o.label[language] || o.key }));
  return [];
}
