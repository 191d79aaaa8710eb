/**
 * The seeded clinic's catalogue: what a Dutch skin clinic offers, the products it uses and sells and
 * the devices it works with. Created through the Catalogue service as the owner, so the rows and
 * their audit entries are the app's own.
 */
import type { Actor } from '../modules/access/actor';
import type { Catalogue } from '../modules/catalogue/catalogue.service';
import type { Random } from './random';

type SettingValue = (random: Random) => string;

type DeviceSpec = { key: string; name: string; settings: Record<string, SettingValue> };
type ProductSpec = {
  key: string;
  name: string;
  brand: string;
  usedInTreatments: boolean;
  /** Price in cents when sold for home use. */
  homePriceCents?: number;
  batchPrefix: string;
  amounts: string[];
};
type TreatmentTypeSpec = {
  name: string;
  templateKey: string;
  minutes: number;
  priceCents: number;
  photosExpected: boolean;
  products: string[];
  device?: string;
  bodyAreas: string[];
};

const pick =
  <T extends string>(...values: T[]): SettingValue =>
  (random) =>
    random.helpers.arrayElement(values);
const range =
  (min: number, max: number, step: number, unit = ''): SettingValue =>
  (random) => {
    const steps = Math.round((max - min) / step);
    const value = min + random.number.int(steps) * step;
    return `${Number(value.toFixed(2)).toLocaleString('nl-NL')}${unit}`;
  };

const devices: DeviceSpec[] = [
  {
    key: 'ipl',
    name: 'IPL Lumina Pro',
    settings: {
      'Filter (nm)': pick('590', '640', '690'),
      'Fluence (J/cm²)': range(8, 18, 0.5),
      'Pulsduur (ms)': range(10, 40, 5),
    },
  },
  {
    key: 'diode',
    name: 'Diodelaser 808',
    settings: {
      'Fluence (J/cm²)': range(6, 14, 1),
      'Pulsduur (ms)': range(20, 60, 10),
      'Spotgrootte (mm)': pick('12', '15'),
    },
  },
  {
    key: 'pen',
    name: 'Dermapen 4',
    settings: { 'Naalddiepte (mm)': range(0.5, 2, 0.25), Snelheid: pick('8', '10', '12', '14') },
  },
  {
    key: 'hydra',
    name: 'HydraFacial Syndeo',
    settings: { Vacuüm: pick('laag', 'middel', 'hoog'), Serum: pick('Activ-4', 'Beta-HD', 'Antiox+') },
  },
  {
    key: 'pmu',
    name: 'PMU-machine Nova',
    settings: { Naald: pick('1RL 0,18', '3RL 0,25', '5RS 0,30'), Snelheid: range(80, 120, 10, ' Hz') },
  },
];

const products: ProductSpec[] = [
  {
    key: 'cleanser',
    name: 'Milde reinigingsgel',
    brand: 'Aqualis',
    usedInTreatments: true,
    homePriceCents: 1895,
    batchPrefix: 'AQR',
    amounts: ['2 pompjes'],
  },
  {
    key: 'glycolic',
    name: 'Glycolzuurpeeling 30%',
    brand: 'DermaLab',
    usedInTreatments: true,
    batchPrefix: 'DLG',
    amounts: ['2 ml', '3 ml'],
  },
  {
    key: 'salicylic',
    name: 'Salicylzuurpeeling 20%',
    brand: 'DermaLab',
    usedInTreatments: true,
    batchPrefix: 'DLS',
    amounts: ['2 ml', '3 ml'],
  },
  {
    key: 'lactic',
    name: 'Melkzuurpeeling 40%',
    brand: 'DermaLab',
    usedInTreatments: true,
    batchPrefix: 'DLM',
    amounts: ['2 ml', '4 ml'],
  },
  {
    key: 'hyaluronic',
    name: 'Hyaluronzuur serum',
    brand: 'Aqualis',
    usedInTreatments: true,
    homePriceCents: 3950,
    batchPrefix: 'AQH',
    amounts: ['1 ml', '2 ml'],
  },
  {
    key: 'vitamin-c',
    name: 'Vitamine C serum 15%',
    brand: 'Lumière',
    usedInTreatments: true,
    homePriceCents: 5450,
    batchPrefix: 'LVC',
    amounts: ['1 ml'],
  },
  {
    key: 'spf',
    name: 'Zonnebrandcrème SPF 50',
    brand: 'Solaris',
    usedInTreatments: true,
    homePriceCents: 2495,
    batchPrefix: 'SOL',
    amounts: ['1 vingerlengte'],
  },
  {
    key: 'retinol',
    name: 'Retinolcrème 0,3%',
    brand: 'Lumière',
    usedInTreatments: false,
    homePriceCents: 4950,
    batchPrefix: 'LRT',
    amounts: [],
  },
  {
    key: 'niacinamide',
    name: 'Niacinamide serum 10%',
    brand: 'Aqualis',
    usedInTreatments: false,
    homePriceCents: 3495,
    batchPrefix: 'AQN',
    amounts: [],
  },
  {
    key: 'numbing',
    name: 'Verdovingscrème lidocaïne 5%',
    brand: 'Pharmacare',
    usedInTreatments: true,
    batchPrefix: 'PCL',
    amounts: ['2 g', '3 g'],
  },
  {
    key: 'pigment',
    name: 'PMU-pigment Warm Bruin',
    brand: 'Nova Pigments',
    usedInTreatments: true,
    batchPrefix: 'NVP',
    amounts: ['0,5 ml', '1 ml'],
  },
  {
    key: 'mask',
    name: 'Kalmerend alginaatmasker',
    brand: 'DermaLab',
    usedInTreatments: true,
    batchPrefix: 'DLA',
    amounts: ['30 g'],
  },
  {
    key: 'cooling-gel',
    name: 'Koelgel aloë vera',
    brand: 'Solaris',
    usedInTreatments: true,
    homePriceCents: 1495,
    batchPrefix: 'SAG',
    amounts: ['5 ml', '10 ml'],
  },
];

const treatmentTypes: TreatmentTypeSpec[] = [
  {
    name: 'Gezichtsbehandeling klassiek',
    templateKey: 'facial',
    minutes: 60,
    priceCents: 8500,
    photosExpected: false,
    products: ['cleanser', 'mask', 'hyaluronic', 'spf'],
    bodyAreas: ['Gezicht'],
  },
  {
    name: 'HydraFacial',
    templateKey: 'facial',
    minutes: 60,
    priceCents: 15900,
    photosExpected: true,
    products: ['cleanser', 'hyaluronic', 'vitamin-c', 'spf'],
    device: 'hydra',
    bodyAreas: ['Gezicht'],
  },
  {
    name: 'Acnebehandeling',
    templateKey: 'facial',
    minutes: 60,
    priceCents: 9500,
    photosExpected: true,
    products: ['cleanser', 'salicylic', 'cooling-gel', 'spf'],
    bodyAreas: ['Gezicht', 'Rug', 'Kaaklijn'],
  },
  {
    name: 'Chemische peeling',
    templateKey: 'chemical_peel',
    minutes: 45,
    priceCents: 12500,
    photosExpected: true,
    products: ['cleanser', 'glycolic', 'cooling-gel', 'spf'],
    bodyAreas: ['Gezicht', 'Decolleté'],
  },
  {
    name: 'Pigmentbehandeling',
    templateKey: 'chemical_peel',
    minutes: 45,
    priceCents: 13500,
    photosExpected: true,
    products: ['lactic', 'vitamin-c', 'spf'],
    bodyAreas: ['Wangen', 'Voorhoofd', 'Handruggen'],
  },
  {
    name: 'Microneedling',
    templateKey: 'microneedling',
    minutes: 60,
    priceCents: 17500,
    photosExpected: true,
    products: ['numbing', 'hyaluronic', 'cooling-gel', 'spf'],
    device: 'pen',
    bodyAreas: ['Gezicht', 'Littekens wang', 'Hals'],
  },
  {
    name: 'IPL-ontharing',
    templateKey: 'ipl_laser_hair_removal',
    minutes: 30,
    priceCents: 9500,
    photosExpected: false,
    products: ['cooling-gel', 'spf'],
    device: 'ipl',
    bodyAreas: ['Oksels', 'Bovenlip', 'Onderbenen'],
  },
  {
    name: 'Laserontharing',
    templateKey: 'ipl_laser_hair_removal',
    minutes: 30,
    priceCents: 11000,
    photosExpected: false,
    products: ['cooling-gel'],
    device: 'diode',
    bodyAreas: ['Oksels', 'Bikinilijn', 'Onderbenen'],
  },
  {
    name: 'Permanente make-up wenkbrauwen',
    templateKey: 'permanent_makeup',
    minutes: 120,
    priceCents: 35000,
    photosExpected: true,
    products: ['numbing', 'pigment'],
    device: 'pmu',
    bodyAreas: ['Wenkbrauwen'],
  },
  {
    name: 'Permanente make-up lippen',
    templateKey: 'permanent_makeup',
    minutes: 150,
    priceCents: 39500,
    photosExpected: true,
    products: ['numbing', 'pigment'],
    device: 'pmu',
    bodyAreas: ['Lippen'],
  },
];

export type SeededDevice = { id: string; name: string; settings: Record<string, SettingValue> };
export type SeededProduct = Omit<ProductSpec, 'key'> & { id: string; soldForHomeUse: boolean };
export type SeededTreatmentType = {
  id: string;
  name: string;
  minutes: number;
  priceCents: number;
  templateKey: string;
  photosExpected: boolean;
  products: SeededProduct[];
  device: SeededDevice | undefined;
  bodyAreas: string[];
  /** Indexes into the team's practitioners who perform it. */
  practitioners: number[];
};
export type SeededCatalogue = {
  treatmentTypes: SeededTreatmentType[];
  products: SeededProduct[];
  homeProducts: SeededProduct[];
};

/**
 * Saves devices, products and treatment types as the owner would in the catalogue pages. Every
 * practitioner performs about two thirds of the treatments, so the agenda has real choices; the
 * classic facial is performed by all ten (issue 7's free times: one treatment, 10 practitioners).
 */
export async function createCatalogue(
  catalogue: Catalogue,
  owner: Actor,
  practitionerIds: string[],
  origin: () => string,
): Promise<SeededCatalogue> {
  const deviceByKey = new Map<string, SeededDevice>();
  for (const spec of devices) {
    const { id } = await catalogue.saveDevice(
      owner,
      undefined,
      { name: spec.name, settings: Object.keys(spec.settings) },
      origin(),
    );
    deviceByKey.set(spec.key, { id, name: spec.name, settings: spec.settings });
  }
  const productByKey = new Map<string, SeededProduct>();
  for (const { key, ...spec } of products) {
    const soldForHomeUse = spec.homePriceCents !== undefined;
    const { id } = await catalogue.saveProduct(
      owner,
      undefined,
      {
        name: spec.name,
        brand: spec.brand,
        usedInTreatments: spec.usedInTreatments,
        soldForHomeUse,
        priceCents: spec.homePriceCents ?? null,
        vatRatePercent: soldForHomeUse ? 21 : null,
      },
      origin(),
    );
    productByKey.set(key, { ...spec, id, soldForHomeUse });
  }
  const seededTypes: SeededTreatmentType[] = [];
  for (const [index, spec] of treatmentTypes.entries()) {
    // The classic facial (the first type) is everyone's; the benchmark's free times use it.
    const practitioners = practitionerIds
      .map((_, i) => i)
      .filter((i) => index === 0 || (i + index) % 3 !== 0);
    const { id } = await catalogue.saveTreatmentType(
      owner,
      undefined,
      {
        name: spec.name,
        durationMinutes: spec.minutes,
        priceCents: spec.priceCents,
        vatRatePercent: 21,
        photosExpected: spec.photosExpected,
        intakeTemplateKey: spec.templateKey,
        practitionerIds: practitioners.map((i) => practitionerIds[i] as string),
      },
      origin(),
    );
    seededTypes.push({
      id,
      name: spec.name,
      minutes: spec.minutes,
      priceCents: spec.priceCents,
      templateKey: spec.templateKey,
      photosExpected: spec.photosExpected,
      products: spec.products.map((key) => productByKey.get(key) as SeededProduct),
      device: spec.device ? deviceByKey.get(spec.device) : undefined,
      bodyAreas: spec.bodyAreas,
      practitioners,
    });
  }
  const all = [...productByKey.values()];
  return { treatmentTypes: seededTypes, products: all, homeProducts: all.filter((p) => p.soldForHomeUse) };
}
