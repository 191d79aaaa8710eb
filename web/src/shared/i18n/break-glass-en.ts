import type { breakGlassNl } from './break-glass-nl';

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const breakGlassEn: Texts<typeof breakGlassNl> = {
  search: {
    notYours: 'Not your client? Open in an emergency',
    title: 'Emergency access to a client you do not treat',
    intro:
      'Give the last name and date of birth exactly. If Vellum finds the client, the dossier opens for you for 4 hours; if it finds nothing, that is all you hear.',
    lastName: 'Last name',
    birthDate: 'Date of birth',
    birthDatePlaceholder: 'YYYY-MM-DD',
    submit: 'Open the dossier with this reason',
    notFound:
      'No client found with this last name and date of birth. Check the spelling; this attempt is logged too.',
    several: '{{count}} dossiers opened with emergency access. Choose the right one in the search results.',
  },
  banner: {
    title: 'Emergency access active',
    one: 'You have emergency access to a dossier until {{until}}.',
    other: 'You have emergency access to {{count}} dossiers; the first ends at {{until}}.',
    open: 'Open the dossier',
    openNumbered: 'Open dossier {{number}}',
  },
};
