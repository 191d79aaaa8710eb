import type { treatmentTypesNl } from './treatment-types-nl';

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const treatmentTypesEn: Texts<typeof treatmentTypesNl> = {
  intakeForm: {
    label: 'Intake form',
    description: 'The intake form the client fills in for this treatment.',
    none: 'No intake',
    placeholder: 'Choose an intake form',
    loadFailed: 'The intake forms could not be loaded.',
    missing: 'Unknown form: {{key}}',
  },
};
