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
}

export type AnswerValue = boolean | string | string[];
export type Answers = Record<string, AnswerValue>;

export interface SignedIntake {
  answers: Answers;
  signature: string;
  language: IntakeLanguage;
}
