export type IntakeLanguage = 'nl' | 'en';
export type Translated = Record<IntakeLanguage, string>;

export interface IntakeQuestion {
  key: string;
  kind: 'yes_no' | 'choice' | 'text' | 'date';
  topic: string;
  label: Translated;
  required: boolean;
  options?: { key: string; label: Translated }[];
  multiple?: boolean;
}

/** What the client sees: the treatment, its price and the questions — nothing about the client. */
export interface IntakeFormContent {
  treatmentName: string;
  priceCents: number;
  template: { name: Translated; version: number; questions: IntakeQuestion[] };
  /** The consent to process health data that signing gives, from the published privacy statement. */
  consent: { statementVersion: number; text: Translated } | null;
}

export type AnswerValue = boolean | string | string[];
export type Answers = Record<string, AnswerValue>;

export interface SignedIntake {
  answers: Answers;
  signature: string;
  language: IntakeLanguage;
  /** The privacy statement version whose consent sentence was shown. */
  statementVersion?: number;
}
