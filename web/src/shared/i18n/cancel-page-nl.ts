/** The cancel link's page (issue 14): what the link cancels, or that the appointment moved. */
export const cancelPageNl = {
  loading: 'Afspraak laden',
  appointment: 'Deze afspraak annuleer je',
  treatment: 'Behandeling',
  practitioner: 'Bij',
  when: 'Wanneer',
  where: 'Waar',
  until: 'Online annuleren kan tot {{when}}.',
  moved: 'Deze afspraak is verzet naar {{when}}. Deze link hoort bij de oude tijd en werkt niet meer.',
  movedHint: 'Wil je de nieuwe afspraak annuleren? Gebruik de link in de nieuwste e-mail over je afspraak.',
};
