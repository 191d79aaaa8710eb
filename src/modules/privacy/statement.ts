/**
 * The privacy statement as code: rendered from the clinic's real settings, following the structure of
 * the statement Vellum was built from (docs: ../shared/seed), in Dutch and English, with the exact
 * consent wording per scope. The same settings always render the same text, so its hash says
 * whether anything changed. Changing a sentence here publishes a new version at the next start.
 */

import { canonicalJson } from '../../platform/canonical-json';
import { sha256Hex } from '../../platform/crypto';
import { type ClinicFeatures, defaultFeatures } from '../access/clinic-features';

export type Language = 'nl' | 'en';
/** What a client's consent in the ledger can be for. */
export const ledgerScopes = [
  'health_data',
  'personal_data',
  'treatment_photos',
  'marketing_photos',
  'newsletter',
  'third_party',
] as const;
export type ConsentScope = (typeof ledgerScopes)[number];
/** Every consent sentence the statement words: the ledger's, and the contact form's (not a client yet). */
export const consentScopes = [...ledgerScopes, 'contact_request'] as const;
export type WordedScope = (typeof consentScopes)[number];

export type StatementSection = { heading: string; paragraphs: string[]; bullets?: string[] };
export type StatementText = { title: string; sections: StatementSection[] };
export type StatementTexts = Record<Language, StatementText>;
/** Per scope; a version published before a scope existed has no sentence for it. */
export type ConsentTexts = Partial<Record<WordedScope, Record<Language, string>>>;

/** What a consent record holds as proof: references and request facts, never content. */
export type ConsentEvidence =
  | { kind: 'signature'; intakeId: string }
  | { kind: 'checkbox'; requestId: string; userAgent: string | null; formShownAt: string | null }
  | { kind: 'email'; dossierEmailId: string | null; reference: string | null }
  | { kind: 'staff'; staffId: string; note: string | null }
  | { kind: 'written_request'; disclosureId: string };

export type StatementSettings = {
  clinic: {
    name: string;
    privacyEmail: string | null;
    street: string | null;
    houseNumber: string | null;
    postcode: string | null;
    city: string | null;
  };
  retention: {
    dossierYears: number;
    financialYears: number;
    erasureDays: number;
    contactRequestMonths: number;
    /** How long a backup lives before it is deleted (VELLUM_BACKUP_KEEP_DAYS). */
    backupDays: number;
  };
  /** External processors from the register (hosting, e-mail, payments). */
  processors: { name: string; purpose: string }[];
  /** What the clinic has switched on; the statement mentions nothing else (default: no webshop). */
  features?: ClinicFeatures;
};

export const defaultRetention: StatementSettings['retention'] = {
  dossierYears: 2,
  financialYears: 7,
  erasureDays: 14,
  contactRequestMonths: 12,
  backupDays: 30,
};

export function renderStatement(settings: StatementSettings): {
  texts: StatementTexts;
  consentTexts: ConsentTexts;
  hash: string;
} {
  const texts = { nl: dutch(settings), en: english(settings) };
  const consentTexts = consentWording(settings.clinic.name);
  return { texts, consentTexts, hash: sha256Hex(canonicalJson({ texts, consentTexts })) };
}

/** The hash of one consent sentence as shown: what a consent record proves the client saw. */
export function consentTextHash(text: string): string {
  return sha256Hex(text);
}

function consentWording(clinic: string): ConsentTexts {
  return {
    health_data: {
      nl: `Ik geef ${clinic} toestemming om mijn medische gegevens, behandelverslagen en huidanalyses vast te leggen en te gebruiken voor mijn behandelingen, zoals beschreven in de privacyverklaring.`,
      en: `I consent to ${clinic} recording and using my medical details, treatment reports and skin analyses for my treatments, as described in the privacy statement.`,
    },
    personal_data: {
      nl: `Ik geef ${clinic} toestemming om mijn naam, contactgegevens en afspraken vast te leggen en te gebruiken voor mijn afspraken, zoals beschreven in de privacyverklaring.`,
      en: `I consent to ${clinic} recording and using my name, contact details and appointments for my appointments, as described in the privacy statement.`,
    },
    treatment_photos: {
      nl: `Ik geef ${clinic} toestemming om voor- en nafoto's te maken en te bewaren om het effect van mijn behandeling te beoordelen en met mij te bespreken.`,
      en: `I consent to ${clinic} taking and keeping before and after photos to assess the effect of my treatment and discuss it with me.`,
    },
    marketing_photos: {
      nl: `Ik geef ${clinic} toestemming om de voor- en nafoto's van deze fotoserie te gebruiken op de genoemde kanalen. Ik kan deze toestemming altijd intrekken.`,
      en: `I consent to ${clinic} using the before and after photos of this photo set on the channels named. I can withdraw this consent at any time.`,
    },
    newsletter: {
      nl: `Ik wil de nieuwsbrief van ${clinic} per e-mail ontvangen. Afmelden kan altijd.`,
      en: `I would like to receive ${clinic}'s newsletter by e-mail. I can unsubscribe at any time.`,
    },
    third_party: {
      nl: `Ik verzoek ${clinic} mijn gegevens te verstrekken aan de genoemde ontvanger, voor het genoemde doel.`,
      en: `I ask ${clinic} to provide my data to the recipient named, for the purpose named.`,
    },
    contact_request: {
      nl: `Ik geef ${clinic} toestemming om mijn naam, contactgegevens en bericht te gebruiken om mijn vraag te beantwoorden, zoals beschreven in de privacyverklaring.`,
      en: `I consent to ${clinic} using my name, contact details and message to answer my question, as described in the privacy statement.`,
    },
  };
}

function address(settings: StatementSettings): string | null {
  const { street, houseNumber, postcode, city } = settings.clinic;
  const line = [[street, houseNumber].filter(Boolean).join(' '), [postcode, city].filter(Boolean).join(' ')]
    .filter((part) => part !== '')
    .join(', ');
  return line === '' ? null : line;
}

function dutch(settings: StatementSettings): StatementText {
  const { name, privacyEmail } = settings.clinic;
  const { dossierYears, financialYears, erasureDays } = settings.retention;
  const features = settings.features ?? defaultFeatures;
  const where = address(settings);
  const contact = privacyEmail ?? 'de praktijk';
  const processors = processorsOf(settings, 'Online betalingen in de webshop');
  const ways = [
    'bij je intake in de praktijk',
    'bij een online boeking',
    ...(features.webshop ? ['bij een bestelling in onze webshop'] : []),
    ...(features.contactForm ? ['via het contactformulier'] : []),
    ...(features.newsletter ? ['bij je aanmelding voor de nieuwsbrief'] : []),
  ];
  return {
    title: `Privacyverklaring van ${name}`,
    sections: [
      {
        heading: 'Waarom deze verklaring',
        paragraphs: [
          `${name} moet voldoen aan de Algemene verordening gegevensbescherming (AVG). Hier lees je hoe wij met je gegevens omgaan en waarvoor wij ze gebruiken. Wij moeten kunnen aantonen dat wij je toestemming hebben; die kun je geven ${ways.join(', ')} of per e-mail.`,
          ...(where ? [`${name}, ${where}.`] : []),
        ],
      },
      {
        heading: '1. Welke gegevens wij verzamelen',
        paragraphs: [],
        bullets: [
          'Naam, adres, geboortedatum, e-mailadres en telefoonnummer.',
          'Medische gegevens (zie punt 2).',
          'De behandelingen en diensten die je bij ons afneemt.',
          'Huidanalyses en bevindingen.',
          'Wat met je is besproken tijdens een consult of behandeling.',
          'De producten en apparatuur die wij bij een behandeling gebruiken, met de instellingen.',
          'Producten die je koopt voor thuisgebruik.',
          "Bij bepaalde behandelingen voor- en nafoto's, om het effect te beoordelen en met je te bespreken.",
          'Gegevens over betalingen en je facturen.',
        ],
      },
      {
        heading: '2. Medische gegevens',
        paragraphs: [
          'Voor veel behandelingen hebben wij medische gegevens nodig om te bepalen of er contra-indicaties zijn, of je medicijnen gebruikt die van invloed zijn op de behandeling, of je allergieën hebt, en of er andere lichamelijke of medische zaken zijn die een behandeling beïnvloeden of uitsluiten. Deze vragen staan op het intakeformulier dat bij je behandeling hoort.',
        ],
      },
      {
        heading: '3. Waarom wij deze gegevens verzamelen',
        paragraphs: [
          `${name} heeft deze gegevens nodig om je te behandelen en je behandeltraject te bepalen. Van elke behandeling maken wij een kort verslag: wat er is gedaan en met welke producten, apparaten en instellingen, voor jouw en onze controle.`,
        ],
      },
      {
        heading: '4. Hoe wij gegevens verzamelen',
        paragraphs: [],
        bullets: [
          'Bij je eerste bezoek vul je een intakeformulier in en onderteken je het; daarmee ga je akkoord met de afgesproken behandeling en prijs. Dat kan in de praktijk of vooraf online via een persoonlijke link.',
          'Bij een online boeking maak je zelf je basisdossier aan.',
          ...(features.webshop ? ['Bij een bestelling in onze webshop; de betaling loopt via Mollie.'] : []),
          ...(features.contactForm ? ['Als je het contactformulier invult of informatie aanvraagt.'] : []),
          ...(features.newsletter ? ['Als je je aanmeldt voor onze nieuwsbrief; afmelden kan altijd.'] : []),
          'Als je ons een e-mail stuurt; die kunnen wij in je dossier bewaren.',
        ],
      },
      {
        heading: '5. Anonieme websitestatistieken',
        paragraphs: [
          'Van bezoeken aan onze website houden wij alleen anonieme, opgetelde gegevens bij: besturingssysteem, browser, aantal bezoeken, gemiddelde bezoekduur en bezochte pagina’s. Wij gebruiken daarvoor geen cookies en bewaren geen IP-adressen; niets daarvan is naar jou terug te leiden.',
        ],
      },
      {
        heading: '6a. Waar je gegevens worden bewaard',
        paragraphs: [
          `Je gegevens staan in Vellum, het praktijksysteem van ${name}. Medische gegevens en foto's zijn versleuteld opgeslagen met een sleutel die alleen bij jouw dossier hoort.`,
          processors.length > 0
            ? 'Wij werken met deze verwerkers, met elk een verwerkersovereenkomst:'
            : 'Wij schakelen voor het bewaren van je gegevens geen externe verwerkers in.',
          'Papieren intakeformulieren en dossiers bewaren wij in een afgesloten ruimte die voor anderen niet toegankelijk is.',
        ],
        ...(processors.length > 0 ? { bullets: processors.map((p) => `${p.name}: ${p.purpose}`) } : {}),
      },
      {
        heading: '6b. Wie je gegevens kan zien',
        paragraphs: [
          'Je gegevens zijn alleen in te zien door de medewerker die jou behandelt; elke inzage wordt vastgelegd. Aan derden, zoals een behandelend arts, verstrekken wij je gegevens alleen als je ons daar uitdrukkelijk schriftelijk om vraagt.',
          "Je gegevens worden nooit voor commerciële doeleinden gebruikt, tenzij wij dat vooraf met je afspreken. Bijvoorbeeld: je geeft toestemming om je voor- en nafoto's op onze website of sociale media te gebruiken, omdat je een speciale prijs kreeg of model stond. Die toestemming geldt per fotoserie en kun je altijd intrekken.",
        ],
      },
      {
        heading: '7. Bewaartermijnen',
        paragraphs: [
          `Wij bewaren je gegevens tot ${dossierYears} jaar na je laatste behandeling of consult; daarna worden ze vernietigd. Vraag je ons je gegevens te vernietigen, dan doen wij dat binnen ${erasureDays} dagen na je verzoek. Financiële gegevens moeten wij wettelijk ${financialYears} jaar bewaren.${features.contactForm ? ` Een vraag via het contactformulier bewaren wij ${settings.retention.contactRequestMonths} maanden.` : ''}`,
          `Van al onze gegevens maken wij elke nacht een versleutelde back-up. Een back-up wordt na ${settings.retention.backupDays} dagen verwijderd: gegevens die wij hebben vernietigd, verdwijnen zo uiterlijk ${settings.retention.backupDays} dagen later ook uit de back-ups. Moeten wij in die tijd een back-up terugzetten, dan vernietigen wij je gegevens direct opnieuw.`,
        ],
      },
      {
        heading: '8. Beveiliging',
        paragraphs: [
          `${name} neemt passende maatregelen tegen misbruik, verlies, onbevoegde toegang, ongewenste openbaarmaking en ongeoorloofde wijziging. Denk je dat je gegevens niet goed beveiligd zijn of dat er sprake is van misbruik, neem dan contact op via ${contact}.`,
        ],
      },
      {
        heading: 'Wij hebben je toestemming nodig',
        paragraphs: [
          `Voor onze dagelijkse werkzaamheden, je behandelingen${features.webshop ? ', bestellingen' : ''} en het bijhouden van je behandeltraject hebben wij je gegevens nodig. Heb je nog nooit een formulier ingevuld, dan kunnen wij je bij je volgende bezoek opnieuw om toestemming vragen.`,
        ],
      },
    ],
  };
}

/** The registered processors, and Mollie while the webshop is on (unless registered already). */
function processorsOf(settings: StatementSettings, molliePurpose: string) {
  const features = settings.features ?? defaultFeatures;
  const mollie =
    features.webshop && !settings.processors.some((p) => /mollie/i.test(p.name))
      ? [{ name: 'Mollie B.V.', purpose: molliePurpose }]
      : [];
  return [...settings.processors, ...mollie];
}

function english(settings: StatementSettings): StatementText {
  const { name, privacyEmail } = settings.clinic;
  const { dossierYears, financialYears, erasureDays } = settings.retention;
  const where = address(settings);
  const contact = privacyEmail ?? 'the clinic';
  const features = settings.features ?? defaultFeatures;
  const processors = processorsOf(settings, 'Online payments in the webshop');
  const ways = [
    'at your intake at the clinic',
    'when booking online',
    ...(features.webshop ? ['when ordering from our webshop'] : []),
    ...(features.contactForm ? ['through the contact form'] : []),
    ...(features.newsletter ? ['when subscribing to the newsletter'] : []),
  ];
  return {
    title: `Privacy statement of ${name}`,
    sections: [
      {
        heading: 'Why this statement',
        paragraphs: [
          `${name} must comply with the General Data Protection Regulation (GDPR). Here you can read how we handle your data and what we use it for. We must be able to show that we have your consent; you can give it ${ways.join(', ')} or by e-mail.`,
          ...(where ? [`${name}, ${where}.`] : []),
        ],
      },
      {
        heading: '1. What we collect',
        paragraphs: [],
        bullets: [
          'Name, address, date of birth, e-mail address and phone number.',
          'Medical details (see 2).',
          'The treatments and services you receive from us.',
          'Skin analyses and findings.',
          'What was discussed with you during a consultation or treatment.',
          'The products and devices we use in a treatment, with their settings.',
          'Products you buy for use at home.',
          'For some treatments, before and after photos, to assess the effect and discuss it with you.',
          'Payments and your invoices.',
        ],
      },
      {
        heading: '2. Medical details',
        paragraphs: [
          'For many treatments we need medical details to determine whether there are contra-indications, whether you take medication that affects the treatment, whether you have allergies, and whether anything else physical or medical affects or rules out a treatment. These questions are on the intake form for your treatment.',
        ],
      },
      {
        heading: '3. Why we collect this data',
        paragraphs: [
          `${name} needs this data to treat you and plan your course of treatment. For every treatment we write a short report: what was done and with which products, devices and settings, for your and our reference.`,
        ],
      },
      {
        heading: '4. How we collect data',
        paragraphs: [],
        bullets: [
          'At your first visit you fill in and sign an intake form, agreeing to the treatment and price. You can do this at the clinic or beforehand online through a personal link.',
          'When you book online, you create your own basic file.',
          ...(features.webshop ? ['When you order from our webshop; the payment runs through Mollie.'] : []),
          ...(features.contactForm ? ['When you fill in the contact form or ask for information.'] : []),
          ...(features.newsletter
            ? ['When you subscribe to our newsletter; you can unsubscribe at any time.']
            : []),
          'When you send us an e-mail; we may keep it in your file.',
        ],
      },
      {
        heading: '5. Anonymous website statistics',
        paragraphs: [
          'Of visits to our website we keep only anonymous, aggregated figures: operating system, browser, number of visits, average time on the site and pages visited. We use no cookies for this and store no IP addresses; none of it can be traced back to you.',
        ],
      },
      {
        heading: '6a. Where your data is kept',
        paragraphs: [
          `Your data is kept in Vellum, the practice system of ${name}. Medical details and photos are stored encrypted with a key that belongs to your file alone.`,
          processors.length > 0
            ? 'We work with these processors, each under a data processing agreement:'
            : 'We use no external processors to store your data.',
          'Paper intake forms and files are kept in a locked room that others cannot enter.',
        ],
        ...(processors.length > 0 ? { bullets: processors.map((p) => `${p.name}: ${p.purpose}`) } : {}),
      },
      {
        heading: '6b. Who can see your data',
        paragraphs: [
          'Only the staff member who treats you can see your data; every look is recorded. We give your data to third parties, such as a treating doctor, only when you explicitly ask us to in writing.',
          'Your data is never used for commercial purposes unless we agree on it with you beforehand. For example: you consent to us using your before and after photos on our website or social media because you received a special price or were a model. That consent is per photo set and you can withdraw it at any time.',
        ],
      },
      {
        heading: '7. How long we keep data',
        paragraphs: [
          `We keep your data until ${dossierYears} years after your last treatment or consultation; then it is destroyed. If you ask us to destroy your data, we do so within ${erasureDays} days of your request. By law we must keep financial records for ${financialYears} years.${features.contactForm ? ` A question sent through the contact form is kept for ${settings.retention.contactRequestMonths} months.` : ''}`,
          `Every night we make an encrypted backup of all our data. A backup is deleted after ${settings.retention.backupDays} days: data we have destroyed leaves the backups at most ${settings.retention.backupDays} days later. If we must restore a backup in that time, your data is destroyed again straight away.`,
        ],
      },
      {
        heading: '8. Security',
        paragraphs: [
          `${name} takes appropriate measures against misuse, loss, unauthorised access, unwanted disclosure and unauthorised change. If you think your data is not properly protected or suspect misuse, contact us at ${contact}.`,
        ],
      },
      {
        heading: 'We need your consent',
        paragraphs: [
          `We need your data for our daily work, your treatments${features.webshop ? ' and orders' : ''}, and to keep track of your course of treatment. If you have never filled in a form, we may ask for your consent again at your next visit.`,
        ],
      },
    ],
  };
}
