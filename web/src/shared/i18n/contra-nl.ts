/** Contra-indications at the start of a treatment: a mild warning is ticked, a "rules out" explained. */
export const contraNl = {
  confirmRulesOut: 'Ik heb dit besproken en ga toch door, hoewel de intake deze behandeling uitsluit',
  reasonTitle: 'De intake sluit deze behandeling uit',
  reasonLabel: 'Waarom ga je toch door?',
  reasonDescription:
    'Verplicht: wat maakt de behandeling nu verantwoord (bijvoorbeeld een akkoord van de arts)? Dit wordt bij het verslag bewaard. Minstens {{min}} tekens.',
  reasonMissing: 'Schrijf op waarom je toch doorgaat (minstens {{min}} tekens).',
  reasonShown: 'Reden om toch door te gaan',
};
