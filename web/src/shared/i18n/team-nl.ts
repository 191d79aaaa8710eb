/** The owner's team administration: pending invitations, roles, second factors. */
export const teamNl = {
  invitations: {
    title: 'Openstaande uitnodigingen',
    none: 'Geen openstaande uitnodigingen.',
    name: 'Naam',
    role: 'Rol',
    validUntil: 'Geldig tot',
    expired: 'Verlopen',
    actions: 'Acties',
    resend: 'Opnieuw sturen',
    resendNamed: 'Uitnodiging van {{name}} opnieuw sturen',
    resent:
      'Nieuwe uitnodiging voor {{name}} staat in de uitgaande e-mail (geldig tot {{until}}). De vorige link werkt niet meer.',
    revoke: 'Intrekken',
    revokeNamed: 'Uitnodiging van {{name}} intrekken',
    revokeTitle: 'Uitnodiging intrekken?',
    revokeText: 'De link die {{name}} kreeg, werkt daarna niet meer.',
    revokeConfirm: 'Intrekken',
  },
  member: {
    actionsNamed: 'Acties voor {{name}}',
    changeRole: 'Rol wijzigen',
    changeRoleTitle: 'Rol van {{name}} wijzigen',
    changeRoleText: 'De nieuwe rol geldt meteen, ook in een sessie die al loopt.',
    newRole: 'Nieuwe rol',
    save: 'Opslaan',
    lastOwner: 'De praktijk heeft altijd een eigenaar nodig: maak eerst iemand anders eigenaar.',
    resetSecondFactor: 'Tweede factor resetten',
    resetTitle: 'Tweede factor van {{name}} resetten?',
    resetText:
      '{{name}} wordt overal uitgelogd en stelt bij de volgende keer inloggen een nieuwe authenticator-app in. Doe dit alleen als je zeker weet dat {{name}} erom vraagt (bijvoorbeeld na een verloren telefoon).',
    resetConfirm: 'Resetten',
  },
};
