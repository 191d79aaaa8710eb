/**
 * What a practitioner writes in a Dutch skin clinic's dossier: treatment reports with the products
 * (batch numbers per quarter, as a supplier delivers them) and device settings, skin analyses, advice
 * with home products, e-mails from clients and intake answers. Phrase lists rather than lorem ipsum,
 * so a seeded dossier reads like one.
 */
import type { EmailContent, SkinFindings, TreatmentReport } from '../modules/dossier/dossier.service';
import type { TemplateVersion } from '../modules/intake/intake-templates.service';
import type { SeededProduct, SeededTreatmentType } from './catalogue';
import { chance, type Random } from './random';

const done = [
  'Huid gereinigd en geanalyseerd, behandeling volgens plan uitgevoerd.',
  'Behandeling zonder bijzonderheden verlopen; huid reageerde rustig.',
  'Lichte roodheid direct na de behandeling, na tien minuten afgenomen.',
  'Behandeld in twee passes; gevoelige zones rond de neus overgeslagen.',
  'Cliënt ervoer de behandeling als goed te verdragen.',
  'Huid was droger dan bij het vorige bezoek; extra hydratatie toegepast.',
  'Intensiteit iets verhoogd ten opzichte van de vorige sessie.',
];
const discussed = [
  'Nazorg besproken: 48 uur niet sporten, geen sauna, dagelijks SPF 50.',
  'Advies: de komende week geen scrubs of zuren gebruiken.',
  'Vervolgafspraak over vier tot zes weken aangeraden.',
  'Verwachting besproken: resultaat na drie tot vier behandelingen zichtbaar.',
  'Cliënt vroeg naar thuisverzorging; serum en zonnebrand geadviseerd.',
  'Bij aanhoudende roodheid of blaasjes contact opnemen met de kliniek.',
];
const consultDone = [
  'Kennismaking en intakegesprek; huid geanalyseerd met loep en lamp.',
  'Consult over pigmentvlekken; behandelopties en risico’s doorgenomen.',
  'Consult over acne en littekens; huidverzorging thuis besproken.',
];
const conditions = [
  'acne',
  'rosacea',
  'hyperpigmentatie',
  'couperose',
  'droge huid',
  'vette huid',
  'littekens',
  'fijne lijntjes',
  'melasma',
  'gevoelige huid',
];
const findings = [
  'Gecombineerde huid met verwijde poriën in de T-zone.',
  'Lichte pigmentvlekken op de jukbeenderen, vooral links.',
  'Huidbarrière verzwakt; schilfering rond de neusvleugels.',
  'Actieve papels op de kaaklijn, geen cysten.',
  'Elasticiteit goed voor de leeftijd; fijne lijntjes rond de ogen.',
];
const advice = [
  'Eén keer per dag aanbrengen, ’s avonds na het reinigen.',
  'Elke ochtend gebruiken, ook bij bewolkt weer.',
  'Opbouwen: de eerste week om de dag gebruiken.',
  'Niet combineren met retinol in dezelfde avond.',
];
const emailSubjects = [
  'Vraag over de nazorg',
  'Afspraak verzetten',
  'Roodheid na de behandeling',
  'Welke crème moet ik gebruiken?',
  'Bedankt!',
];
const emailBodies = [
  'Beste kliniek,\n\nMijn huid is nog wat rood sinds de behandeling. Is dat normaal?\n\nMet vriendelijke groet,',
  'Hallo,\n\nIk kan volgende week helaas niet komen. Kan de afspraak een week later?\n\nGroet,',
  'Goedemiddag,\n\nWelk serum raadt u aan voor thuis? Ik ben het vergeten op te schrijven.\n\nGroeten,',
  'Beste,\n\nDank voor de fijne behandeling, het resultaat is mooi!\n\nHartelijke groet,',
];
const medications = ['Anticonceptiepil', 'Levothyroxine', 'Antihistaminica in het voorjaar', 'Omeprazol'];
const allergies = ['Pleisters', 'Nikkel', 'Hooikoorts', 'Parfum in cosmetica'];

export function treatmentReport(random: Random, type: SeededTreatmentType, at: number): TreatmentReport {
  const used = random.helpers.arrayElements(
    type.products.filter((p) => p.usedInTreatments),
    { min: 1, max: 3 },
  );
  return {
    done: random.helpers.arrayElement(done),
    discussed: random.helpers.arrayElement(discussed),
    products: used.map((product) => ({
      productId: product.id,
      name: product.name,
      batch: batchNumber(product, at),
      amount: product.amounts.length > 0 ? random.helpers.arrayElement(product.amounts) : null,
    })),
    devices: type.device
      ? [
          {
            deviceId: type.device.id,
            name: type.device.name,
            settings: Object.entries(type.device.settings).map(([name, value]) => ({
              name,
              value: value(random),
            })),
          },
        ]
      : [],
  };
}

export function consultReport(random: Random): TreatmentReport {
  return {
    done: random.helpers.arrayElement(consultDone),
    discussed: random.helpers.arrayElement(discussed),
    products: [],
    devices: [],
  };
}

/** The same batch for a product throughout a quarter, as a clinic works through a delivery. */
export function batchNumber(product: SeededProduct, at: number): string {
  const date = new Date(at);
  const quarter = Math.floor(date.getUTCMonth() / 3) + 1;
  const year = date.getUTCFullYear() % 100;
  let hash = quarter * 7919 + year * 104_729;
  for (const char of product.batchPrefix) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_003;
  return `${product.batchPrefix}${year}${quarter}-${String(hash % 9000).padStart(4, '0')}`;
}

export function skinFindings(random: Random): SkinFindings {
  return {
    fitzpatrick: random.helpers.weightedArrayElement([
      { weight: 2, value: 1 },
      { weight: 6, value: 2 },
      { weight: 6, value: 3 },
      { weight: 3, value: 4 },
      { weight: 1, value: 5 },
      { weight: 1, value: 6 },
    ]),
    conditions: random.helpers.arrayElements(conditions, { min: 0, max: 3 }),
    findings: random.helpers.arrayElement(findings),
  };
}

export function homeProductAdvice(random: Random): string | undefined {
  return chance(random, 0.7) ? random.helpers.arrayElement(advice) : undefined;
}

export function clientEmail(random: Random, from: string, firstName: string): EmailContent {
  return {
    from,
    subject: random.helpers.arrayElement(emailSubjects),
    text: `${random.helpers.arrayElement(emailBodies)}\n${firstName}`,
    eml: null,
  };
}

/**
 * Answers a healthy client gives: "no" to every question that could rule a treatment out (so the
 * seeded treatments need no confirmed warnings), sometimes "yes" with details to the harmless ones,
 * the first option of a choice.
 */
export function intakeAnswers(random: Random, version: TemplateVersion): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const question of version.questions) {
    const marking = new Set((question.rules ?? []).flatMap((rule) => rule.when));
    if (question.kind === 'yes_no') answers[question.key] = marking.size === 0 && chance(random, 0.2);
    if (question.kind === 'choice') {
      answers[question.key] = question.options?.find((option) => !marking.has(option.key))?.key;
    }
  }
  const details = (key: string, values: string[]) => {
    if (version.questions.some((question) => question.key === key))
      answers[key] = random.helpers.arrayElement(values);
  };
  if (answers.uses_medication === true) details('medication_details', medications);
  if (answers.has_allergies === true) details('allergy_details', allergies);
  return answers;
}
