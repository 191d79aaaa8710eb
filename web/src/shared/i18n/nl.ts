// Dutch is the default language; en.ts must provide the same keys (checked by the type below).
export const nl = {
  common: {
    brand: 'Vellum',
    languageSwitcher: 'Taal kiezen',
    skipToContent: 'Naar de inhoud',
  },
  public: {
    homeTitle: 'Welkom',
    heroTitle: 'Welkom bij {{clinic}}',
    heroLead:
      'Een rustige plek voor de verzorging van je huid. Wij nemen de tijd voor een persoonlijk advies en een behandeling die bij jou past.',
    careTitle: 'Persoonlijke zorg',
    careText: 'Elke behandeling begint met een gesprek over jouw huid, je wensen en je gezondheid.',
    expertiseTitle: 'Vakkundig en zorgvuldig',
    expertiseText: 'Onze behandelaars werken met bewezen methoden en leggen elke stap helder aan je uit.',
    privacyTitle: 'Jouw gegevens veilig',
    privacyText: 'Wat je ons toevertrouwt, bewaren we met zorg en alleen zolang het nodig is.',
    footerStaffSignIn: 'Inloggen voor medewerkers',
    footerCopyright: '© {{year}} {{clinic}}',
    footerNavLabel: 'Voettekst',
  },
  staff: {
    areaName: 'Medewerkers',
    navLabel: 'Hoofdmenu',
    navOverview: 'Overzicht',
    navSignIn: 'Inloggen',
    navPublicSite: 'Naar de website',
    openNavigation: 'Menu openen',
    closeNavigation: 'Menu sluiten',
    versionLabel: 'Versie {{version}}',
    homeTitle: 'Medewerkersomgeving',
    homeSignInNeeded: 'Log in om de agenda, cliënten en behandelingen te bekijken.',
    homeSignInLink: 'Naar inloggen',
  },
  signIn: {
    title: 'Inloggen',
    intro: 'Log in met het e-mailadres en wachtwoord van je medewerkersaccount.',
    emailLabel: 'E-mailadres',
    passwordLabel: 'Wachtwoord',
    showPassword: 'Wachtwoord tonen',
    submit: 'Inloggen',
    errorTitle: 'Inloggen mislukt',
    errorInvalid: 'Het e-mailadres of wachtwoord klopt niet.',
    errorUnavailable: 'Inloggen is op dit moment niet beschikbaar. Probeer het later opnieuw.',
    errorTooMany: 'Te veel pogingen. Wacht even en probeer het dan opnieuw.',
    errorNetwork: 'Geen verbinding met de server. Controleer je internetverbinding.',
    errorGeneric: 'Er ging iets mis bij het inloggen. Probeer het later opnieuw.',
    emailRequired: 'Vul je e-mailadres in.',
    passwordRequired: 'Vul je wachtwoord in.',
  },
  notFound: {
    title: 'Pagina niet gevonden',
    text: 'De pagina die je zoekt bestaat niet (meer). Controleer het adres of ga terug naar het begin.',
    homeLink: 'Naar de startpagina',
    staffHomeLink: 'Naar de medewerkersomgeving',
  },
  routeError: {
    title: 'Er ging iets mis',
    text: 'Deze pagina kon niet worden geladen. Probeer het opnieuw of ga terug naar het begin.',
    homeLink: 'Naar de startpagina',
  },
};

type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
export type TranslationMessages = Messages<typeof nl>;
