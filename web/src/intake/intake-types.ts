import type { ApiBody, ApiSchemas } from '../shared/api-types';

// The intake form behind a link and what signing it sends, as the API's OpenAPI document describes
// them (decision 0024).

export type IntakeLanguage = 'nl' | 'en';
export type Translated = Record<IntakeLanguage, string>;

export type IntakeQuestion = ApiSchemas['IntakeQuestion'];

/** What the client sees: the treatment, its price and the questions — nothing about the client. */
export type IntakeFormContent = ApiSchemas['IntakeLinkForm'];

export type AnswerValue = boolean | string | string[];
export type Answers = Record<string, AnswerValue>;

/** What the form hands over on signing: the body of POST /api/intake-link/sign without the token. */
export type SignedIntake = Omit<ApiBody<'/api/intake-link/sign', 'post'>, 'token' | 'answers'> & {
  answers: Answers;
  signature: string;
  language: IntakeLanguage;
};
