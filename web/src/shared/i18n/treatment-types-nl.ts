/** A treatment type's form in the catalogue: the intake form is picked from those that exist. */
export const treatmentTypesNl = {
  intakeForm: {
    label: 'Intakeformulier',
    description: 'Het intakeformulier dat de cliënt voor deze behandeling invult.',
    none: 'Geen intake',
    placeholder: 'Kies een intakeformulier',
    loadFailed: 'De intakeformulieren konden niet worden geladen.',
    missing: 'Onbekend formulier: {{key}}',
  },
};
