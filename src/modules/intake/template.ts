/**
 * What an intake form is made of, and the rules that check a template and the answers given to it.
 * Pure functions: no database, so the service and the tests share them.
 */
import type { FieldProblem } from '../../platform/errors';
import { Invalid } from '../../platform/errors';

export type Translated = { nl: string; en: string };
export type Language = keyof Translated;

export const questionKinds = ['yes_no', 'choice', 'text', 'date'] as const;
export type QuestionKind = (typeof questionKinds)[number];

/** What a question is about (P3.1 asks for all four on every form). */
export const questionTopics = ['contra_indication', 'medication', 'allergy', 'medical'] as const;
export type QuestionTopic = (typeof questionTopics)[number];

export const ruleEffects = ['rules_out', 'affects'] as const;
export type RuleEffect = (typeof ruleEffects)[number];

/**
 * An answer that marks a contra-indication (P3.2). `when` lists the answers that trigger it: 'yes'
 * or 'no' for a yes/no question, option keys for a choice. `treatmentTypes` names the treatment
 * types it applies to, or 'all_linked': every treatment type that uses this template.
 */
export type ContraIndicationRule = {
  when: string[];
  effect: RuleEffect;
  treatmentTypes: 'all_linked' | string[];
  warning: Translated;
};

export type IntakeQuestion = {
  key: string;
  kind: QuestionKind;
  topic: QuestionTopic;
  label: Translated;
  required: boolean;
  /** For a choice: the options, and whether several may be chosen. */
  options?: { key: string; label: Translated }[];
  multiple?: boolean;
  rules?: ContraIndicationRule[];
};

/** yes/no → boolean, choice → option key (or keys), text → string, date → YYYY-MM-DD. */
export type AnswerValue = boolean | string | string[];
export type Answers = Record<string, AnswerValue>;

const KEY = /^[a-z][a-z0-9_]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TEXT_ANSWER_MAX = 2000;

/** Every problem with a template's questions, each naming its field; empty when it may be published. */
export function templateProblems(questions: IntakeQuestion[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (questions.length === 0) add('questions', 'needs at least one question');
  const seen = new Set<string>();
  questions.forEach((question, i) => {
    const at = `questions.${i}`;
    if (!KEY.test(question.key)) add(`${at}.key`, 'must be lower-case letters, digits and _');
    if (seen.has(question.key)) add(`${at}.key`, `"${question.key}" is used twice`);
    seen.add(question.key);
    translatedProblems(question.label, `${at}.label`, add);
    const options = question.options ?? [];
    if (question.kind === 'choice') {
      if (options.length < 2) add(`${at}.options`, 'a choice needs at least two options');
      const optionKeys = new Set<string>();
      options.forEach((option, j) => {
        if (!KEY.test(option.key)) add(`${at}.options.${j}.key`, 'must be lower-case letters, digits and _');
        if (optionKeys.has(option.key)) add(`${at}.options.${j}.key`, `"${option.key}" is used twice`);
        optionKeys.add(option.key);
        translatedProblems(option.label, `${at}.options.${j}.label`, add);
      });
    } else {
      if (options.length > 0) add(`${at}.options`, 'only a choice has options');
      if (question.multiple) add(`${at}.multiple`, 'only a choice can allow several answers');
    }
    (question.rules ?? []).forEach((rule, j) => {
      const where = `${at}.rules.${j}`;
      const allowed =
        question.kind === 'yes_no'
          ? ['yes', 'no']
          : question.kind === 'choice'
            ? options.map((o) => o.key)
            : [];
      if (allowed.length === 0) add(where, 'only yes/no and choice questions can mark a contra-indication');
      else if (rule.when.length === 0) add(`${where}.when`, 'names no answer');
      for (const value of rule.when) {
        if (allowed.length > 0 && !allowed.includes(value))
          add(`${where}.when`, `"${value}" is not an answer to this question`);
      }
      if (Array.isArray(rule.treatmentTypes)) {
        if (rule.treatmentTypes.length === 0) add(`${where}.treatmentTypes`, 'names no treatment type');
        for (const id of rule.treatmentTypes) {
          if (!UUID.test(id)) add(`${where}.treatmentTypes`, `"${id}" is not a treatment type id`);
        }
      }
      translatedProblems(rule.warning, `${where}.warning`, add);
    });
  });
  return problems;
}

function translatedProblems(text: Translated, field: string, add: (field: string, message: string) => void) {
  if (!text.nl.trim()) add(`${field}.nl`, 'is empty');
  if (!text.en.trim()) add(`${field}.en`, 'is empty');
}

/**
 * Checks answers against a template version: an unknown question, a missing required answer or an
 * answer of the wrong kind is a 400 naming `answers.<key>`. Returns the answers without empty ones.
 */
export function checkAnswers(questions: IntakeQuestion[], given: Record<string, unknown>): Answers {
  const problems: FieldProblem[] = [];
  const byKey = new Map(questions.map((q) => [q.key, q]));
  for (const key of Object.keys(given)) {
    if (!byKey.has(key))
      problems.push({ field: `answers.${key}`, message: 'is not a question on this form' });
  }
  const answers: Answers = {};
  for (const question of questions) {
    const value = given[question.key];
    const field = `answers.${question.key}`;
    if (
      value === undefined ||
      value === null ||
      value === '' ||
      (Array.isArray(value) && value.length === 0)
    ) {
      if (question.required) problems.push({ field, message: 'is required' });
      continue;
    }
    const problem = answerProblem(question, value);
    if (problem) problems.push({ field, message: problem });
    else answers[question.key] = typeof value === 'string' ? value.trim() : (value as AnswerValue);
  }
  if (problems.length > 0) {
    throw new Invalid(`invalid ${problems.map((p) => p.field).join(', ')}`, problems);
  }
  return answers;
}

function answerProblem(question: IntakeQuestion, value: unknown): string | null {
  switch (question.kind) {
    case 'yes_no':
      return typeof value === 'boolean' ? null : 'must be yes (true) or no (false)';
    case 'text':
      if (typeof value !== 'string') return 'must be text';
      return value.length > TEXT_ANSWER_MAX ? `is longer than ${TEXT_ANSWER_MAX} characters` : null;
    case 'date':
      return typeof value === 'string' && isDate(value) ? null : 'must be a date (YYYY-MM-DD)';
    case 'choice': {
      const keys = new Set((question.options ?? []).map((o) => o.key));
      const chosen = question.multiple && Array.isArray(value) ? value : [value];
      if (!question.multiple && Array.isArray(value)) return 'takes one option';
      if (chosen.some((c) => typeof c !== 'string' || !keys.has(c))) {
        return `must be one of ${[...keys].join(', ')}`;
      }
      if (new Set(chosen).size !== chosen.length) return 'names an option twice';
      return null;
    }
  }
}

function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The contra-indications the answers mark, each with its rule and question. */
export function markedRules(
  questions: IntakeQuestion[],
  answers: Answers,
): { question: IntakeQuestion; rule: ContraIndicationRule }[] {
  const marked: { question: IntakeQuestion; rule: ContraIndicationRule }[] = [];
  for (const question of questions) {
    const value = answers[question.key];
    if (value === undefined) continue;
    const given =
      typeof value === 'boolean' ? [value ? 'yes' : 'no'] : Array.isArray(value) ? value : [value];
    for (const rule of question.rules ?? []) {
      if (rule.when.some((w) => given.includes(w))) marked.push({ question, rule });
    }
  }
  return marked;
}

/** Whether a rule applies to a treatment type (by id, or by using the rule's template). */
export function ruleAppliesTo(
  rule: ContraIndicationRule,
  templateKey: string,
  treatmentType: { id: string; intakeTemplateKey: string | null },
): boolean {
  if (rule.treatmentTypes === 'all_linked') return treatmentType.intakeTemplateKey === templateKey;
  return rule.treatmentTypes.includes(treatmentType.id);
}
