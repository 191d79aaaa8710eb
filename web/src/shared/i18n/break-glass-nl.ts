/** Break-glass from an empty search, and the banner while it runs. */
export const breakGlassNl = {
  search: {
    notYours: 'Niet je cliënt? Open in een noodgeval',
    title: 'Noodtoegang tot een cliënt die je niet behandelt',
    intro:
      'Geef de achternaam en de geboortedatum precies op. Vind Vellum de cliënt, dan wordt het dossier 4 uur voor je geopend; vindt het niets, dan hoor je alleen dat.',
    lastName: 'Achternaam',
    birthDate: 'Geboortedatum',
    birthDatePlaceholder: 'JJJJ-MM-DD',
    submit: 'Dossier openen met deze reden',
    notFound:
      'Geen cliënt gevonden met deze achternaam en geboortedatum. Controleer de spelling; ook deze poging staat in het logboek.',
    several: '{{count}} dossiers geopend met noodtoegang. Kies de juiste in de zoekresultaten.',
  },
  banner: {
    title: 'Noodtoegang actief',
    one: 'Je hebt noodtoegang tot een dossier tot {{until}}.',
    other: 'Je hebt noodtoegang tot {{count}} dossiers; de eerste loopt af om {{until}}.',
    open: 'Dossier openen',
    openNumbered: 'Dossier {{number}} openen',
  },
};
