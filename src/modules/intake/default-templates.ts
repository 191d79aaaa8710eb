/**
 * The intake forms Vellum ships with (P3.1), in Dutch and English, written for this project: facial
 * treatment, chemical peel, microneedling, IPL/laser hair removal and permanent make-up. Each asks
 * about contra-indications, medication, allergies and other medical matters; answers that rule out
 * or affect the treatment carry a warning for every treatment type linked to the form. The clinic
 * adapts them by publishing a new version.
 */
import type { ContraIndicationRule, IntakeQuestion, QuestionTopic, RuleEffect, Translated } from './template';

export type DefaultTemplate = { key: string; name: Translated; questions: IntakeQuestion[] };

const t = (nl: string, en: string): Translated => ({ nl, en });

const rule = (effect: RuleEffect, warning: Translated, when: string[] = ['yes']): ContraIndicationRule => ({
  when,
  effect,
  treatmentTypes: 'all_linked',
  warning,
});

function yesNo(key: string, topic: QuestionTopic, label: Translated, rules: ContraIndicationRule[] = []) {
  const question: IntakeQuestion = { key, kind: 'yes_no', topic, label, required: true };
  return rules.length > 0 ? { ...question, rules } : question;
}

function details(key: string, topic: QuestionTopic, label: Translated): IntakeQuestion {
  return { key, kind: 'text', topic, label, required: false };
}

const pregnancy = (effect: RuleEffect, warning: Translated) =>
  yesNo(
    'pregnant_or_breastfeeding',
    'contra_indication',
    t(
      'Ben je zwanger, probeer je zwanger te worden of geef je borstvoeding?',
      'Are you pregnant, trying to conceive or breastfeeding?',
    ),
    [rule(effect, warning)],
  );

const activeInfection = (effect: RuleEffect) =>
  yesNo(
    'active_skin_infection',
    'contra_indication',
    t(
      'Heb je nu een huidinfectie, koortslip, open wondjes of ontstoken plekken in het te behandelen gebied?',
      'Do you currently have a skin infection, cold sore, open wounds or inflamed spots in the area to be treated?',
    ),
    [
      rule(
        effect,
        t(
          'Actieve infectie of koortslip in het gebied: niet behandelen tot het volledig genezen is.',
          'Active infection or cold sore in the area: do not treat until it has fully healed.',
        ),
      ),
    ],
  );

const isotretinoin = (effect: RuleEffect) =>
  yesNo(
    'isotretinoin_6_months',
    'medication',
    t(
      'Heb je in de afgelopen 6 maanden isotretinoïne (Roaccutane, Curacné) gebruikt?',
      'Have you taken isotretinoin (Roaccutane, Accutane) in the last 6 months?',
    ),
    [
      rule(
        effect,
        t(
          'Isotretinoïne in de afgelopen 6 maanden: verhoogd risico op littekens en slechte wondgenezing.',
          'Isotretinoin in the last 6 months: higher risk of scarring and poor wound healing.',
        ),
      ),
    ],
  );

const bloodThinners = (effect: RuleEffect) =>
  yesNo(
    'blood_thinners',
    'medication',
    t(
      'Gebruik je bloedverdunners (bijv. acenocoumarol, DOAC, dagelijks aspirine)?',
      'Do you take blood thinners (e.g. warfarin, a DOAC, daily aspirin)?',
    ),
    [
      rule(
        effect,
        t(
          'Bloedverdunners: meer bloeding en blauwe plekken; overleg met de cliënt en zo nodig de arts.',
          'Blood thinners: more bleeding and bruising; discuss with the client and, if needed, their doctor.',
        ),
      ),
    ],
  );

const keloid = (effect: RuleEffect) =>
  yesNo(
    'keloid_tendency',
    'medical',
    t(
      'Krijg je snel dikke of verhoogde littekens (keloïd)?',
      'Do you tend to form thick or raised scars (keloids)?',
    ),
    [
      rule(
        effect,
        t('Neiging tot keloïd: risico op verhoogde littekens.', 'Keloid tendency: risk of raised scars.'),
      ),
    ],
  );

/** Medication, allergies and other medical matters: on every form. */
function commonQuestions(allergyRules: ContraIndicationRule[] = []): IntakeQuestion[] {
  return [
    yesNo(
      'uses_medication',
      'medication',
      t('Gebruik je op dit moment medicijnen?', 'Are you currently taking any medication?'),
    ),
    details('medication_details', 'medication', t('Zo ja, welke medicijnen?', 'If so, which medication?')),
    yesNo(
      'has_allergies',
      'allergy',
      t(
        'Ben je allergisch of overgevoelig voor iets (medicijnen, cosmetica, pleisters, metalen, voedsel)?',
        'Are you allergic or sensitive to anything (medicines, cosmetics, plasters, metals, food)?',
      ),
      allergyRules,
    ),
    details('allergy_details', 'allergy', t('Zo ja, waarvoor?', 'If so, to what?')),
    yesNo(
      'diabetes_or_autoimmune',
      'medical',
      t(
        'Heb je diabetes, een auto-immuunziekte of een verminderde weerstand?',
        'Do you have diabetes, an autoimmune disease or a weakened immune system?',
      ),
      [
        rule(
          'affects',
          t(
            'Diabetes, auto-immuunziekte of verminderde weerstand: tragere genezing en meer kans op infectie.',
            'Diabetes, autoimmune disease or weakened immunity: slower healing and higher risk of infection.',
          ),
        ),
      ],
    ),
    details(
      'other_medical',
      'medical',
      t(
        'Zijn er andere lichamelijke of medische zaken die wij moeten weten (operaties, huidziekten, behandelingen bij een arts)?',
        'Is there anything else about your health we should know (surgery, skin conditions, treatment by a doctor)?',
      ),
    ),
  ];
}

const facial: DefaultTemplate = {
  key: 'facial',
  name: t('Intake gezichtsbehandeling', 'Facial treatment intake'),
  questions: [
    pregnancy(
      'affects',
      t(
        'Zwanger of borstvoeding: geen retinol, hoge zuren of elektrische apparatuur gebruiken.',
        'Pregnant or breastfeeding: no retinol, strong acids or electrical devices.',
      ),
    ),
    activeInfection('rules_out'),
    yesNo(
      'skin_condition_face',
      'contra_indication',
      t(
        'Heb je eczeem, psoriasis, rosacea of een andere huidaandoening in het gezicht?',
        'Do you have eczema, psoriasis, rosacea or another skin condition on your face?',
      ),
      [
        rule(
          'affects',
          t(
            'Huidaandoening in het gezicht: mild werken, geen scrub of stoom op de aangedane plekken.',
            'Skin condition on the face: work gently, no scrub or steam on affected areas.',
          ),
        ),
      ],
    ),
    yesNo(
      'pacemaker_or_metal_implant',
      'contra_indication',
      t(
        'Heb je een pacemaker of metalen implantaten in het hoofd- of halsgebied?',
        'Do you have a pacemaker or metal implants in the head or neck?',
      ),
      [
        rule(
          'affects',
          t(
            'Pacemaker of metaal: geen microstroom, galvanisatie of andere elektrische apparatuur gebruiken.',
            'Pacemaker or metal: no microcurrent, galvanic or other electrical devices.',
          ),
        ),
      ],
    ),
    yesNo(
      'retinoids_or_acids',
      'medication',
      t(
        'Gebruik je retinol, tretinoïne of producten met zuren (AHA/BHA) op de huid?',
        'Do you use retinol, tretinoin or products with acids (AHA/BHA) on your skin?',
      ),
      [
        rule(
          'affects',
          t(
            'Retinoïden of zuren: huid is gevoeliger; geen peeling of scrub in deze behandeling.',
            'Retinoids or acids: the skin is more sensitive; no peel or scrub in this treatment.',
          ),
        ),
      ],
    ),
    isotretinoin('affects'),
    ...commonQuestions([
      rule(
        'affects',
        t(
          'Allergie gemeld: controleer de ingrediënten van de gebruikte producten.',
          'Allergy reported: check the ingredients of the products used.',
        ),
      ),
    ]),
  ],
};

const chemicalPeel: DefaultTemplate = {
  key: 'chemical_peel',
  name: t('Intake chemische peeling', 'Chemical peel intake'),
  questions: [
    pregnancy(
      'rules_out',
      t('Zwanger of borstvoeding: geen chemische peeling.', 'Pregnant or breastfeeding: no chemical peel.'),
    ),
    activeInfection('rules_out'),
    isotretinoin('rules_out'),
    yesNo(
      'retinoids_last_week',
      'medication',
      t(
        'Heb je de afgelopen 7 dagen retinol, tretinoïne of andere vitamine A-zuren op de huid gebruikt?',
        'Have you used retinol, tretinoin or other vitamin A acids on your skin in the last 7 days?',
      ),
      [
        rule(
          'rules_out',
          t(
            'Retinoïden in de afgelopen week: peeling uitstellen.',
            'Retinoids in the last week: postpone the peel.',
          ),
        ),
      ],
    ),
    yesNo(
      'recent_procedures',
      'contra_indication',
      t(
        'Ben je de afgelopen 2 weken gewaxt, gelaserd, geharst of gepeeld in het gezicht?',
        'Have you had waxing, laser, threading or a peel on your face in the last 2 weeks?',
      ),
      [
        rule(
          'rules_out',
          t(
            'Recente ingreep in het gebied: minstens 2 weken wachten.',
            'Recent procedure in the area: wait at least 2 weeks.',
          ),
        ),
      ],
    ),
    yesNo(
      'recent_sun_exposure',
      'contra_indication',
      t(
        'Ben je de afgelopen 2 weken verbrand of flink in de zon of onder de zonnebank geweest?',
        'Have you been sunburnt or had a lot of sun or sunbed exposure in the last 2 weeks?',
      ),
      [
        rule(
          'affects',
          t(
            'Recente zon of verbranding: risico op pigmentvlekken; mildere peeling of uitstellen.',
            'Recent sun or sunburn: risk of pigmentation; use a milder peel or postpone.',
          ),
        ),
      ],
    ),
    keloid('affects'),
    ...commonQuestions([
      rule(
        'affects',
        t(
          'Allergie gemeld: controleer op salicylaten (aspirine) en de ingrediënten van de peeling.',
          'Allergy reported: check for salicylates (aspirin) and the ingredients of the peel.',
        ),
      ),
    ]),
  ],
};

const microneedling: DefaultTemplate = {
  key: 'microneedling',
  name: t('Intake microneedling', 'Microneedling intake'),
  questions: [
    pregnancy(
      'rules_out',
      t('Zwanger of borstvoeding: geen microneedling.', 'Pregnant or breastfeeding: no microneedling.'),
    ),
    activeInfection('rules_out'),
    yesNo(
      'active_acne',
      'contra_indication',
      t(
        'Heb je nu actieve, ontstoken acne in het gebied?',
        'Do you have active, inflamed acne in the area now?',
      ),
      [
        rule(
          'rules_out',
          t(
            'Actieve acne: niet over ontstoken plekken needlen (verspreiding van bacteriën).',
            'Active acne: do not needle over inflamed spots (spreads bacteria).',
          ),
        ),
      ],
    ),
    isotretinoin('rules_out'),
    bloodThinners('affects'),
    keloid('rules_out'),
    yesNo(
      'lidocaine_allergy',
      'allergy',
      t(
        'Ben je allergisch voor verdovingscrème of lidocaïne?',
        'Are you allergic to numbing cream or lidocaine?',
      ),
      [
        rule(
          'affects',
          t(
            'Allergie voor lidocaïne: geen verdovingscrème gebruiken.',
            'Lidocaine allergy: do not use numbing cream.',
          ),
        ),
      ],
    ),
    ...commonQuestions(),
  ],
};

const iplLaser: DefaultTemplate = {
  key: 'ipl_laser_hair_removal',
  name: t('Intake IPL/laserontharing', 'IPL/laser hair removal intake'),
  questions: [
    pregnancy(
      'rules_out',
      t(
        'Zwanger of borstvoeding: geen IPL- of laserbehandeling.',
        'Pregnant or breastfeeding: no IPL or laser treatment.',
      ),
    ),
    activeInfection('rules_out'),
    yesNo(
      'recent_tan',
      'contra_indication',
      t(
        'Ben je de afgelopen 4 weken gebruind door zon, zonnebank of zelfbruiner?',
        'Have you tanned from sun, sunbed or self-tanner in the last 4 weeks?',
      ),
      [
        rule(
          'rules_out',
          t(
            'Gebruinde huid: risico op brandwonden en pigmentverlies; minstens 4 weken wachten.',
            'Tanned skin: risk of burns and pigment loss; wait at least 4 weeks.',
          ),
        ),
      ],
    ),
    yesNo(
      'photosensitising_medication',
      'medication',
      t(
        'Gebruik je medicijnen die de huid gevoelig maken voor licht (bijv. bepaalde antibiotica, sint-janskruid)?',
        'Do you take medication that makes the skin sensitive to light (e.g. certain antibiotics, St John’s wort)?',
      ),
      [
        rule(
          'affects',
          t(
            'Lichtgevoelig makende medicatie: eerst een testplek, lagere instellingen.',
            'Photosensitising medication: test patch first, lower settings.',
          ),
        ),
      ],
    ),
    isotretinoin('rules_out'),
    yesNo(
      'epilepsy',
      'medical',
      t(
        'Heb je epilepsie of ben je gevoelig voor lichtflitsen?',
        'Do you have epilepsy or are you sensitive to flashing light?',
      ),
      [
        rule(
          'affects',
          t(
            'Epilepsie of lichtgevoeligheid: ogen goed afschermen, overleg of behandeling verantwoord is.',
            'Epilepsy or light sensitivity: shield the eyes well, discuss whether treatment is safe.',
          ),
        ),
      ],
    ),
    yesNo(
      'tattoo_in_area',
      'contra_indication',
      t(
        'Heb je tatoeages of permanente make-up in het te behandelen gebied?',
        'Do you have tattoos or permanent make-up in the area to be treated?',
      ),
      [
        rule(
          'affects',
          t(
            'Tatoeage in het gebied: tatoeage afdekken en niet behandelen.',
            'Tattoo in the area: cover it and do not treat it.',
          ),
        ),
      ],
    ),
    {
      key: 'hair_colour',
      kind: 'choice',
      topic: 'contra_indication',
      label: t('Welke kleur heeft het haar dat weg moet?', 'What colour is the hair to be removed?'),
      required: true,
      options: [
        { key: 'dark', label: t('Donker (bruin, zwart)', 'Dark (brown, black)') },
        { key: 'blond', label: t('Blond', 'Blond') },
        { key: 'red', label: t('Rood', 'Red') },
        { key: 'grey_white', label: t('Grijs of wit', 'Grey or white') },
      ],
      rules: [
        rule(
          'affects',
          t(
            'Licht, rood of grijs haar: IPL/laser werkt weinig of niet; bespreek het verwachte resultaat.',
            'Light, red or grey hair: IPL/laser works little or not at all; discuss the expected result.',
          ),
          ['blond', 'red', 'grey_white'],
        ),
      ],
    },
    ...commonQuestions(),
  ],
};

const permanentMakeup: DefaultTemplate = {
  key: 'permanent_makeup',
  name: t('Intake permanente make-up', 'Permanent make-up intake'),
  questions: [
    pregnancy(
      'rules_out',
      t(
        'Zwanger of borstvoeding: geen permanente make-up.',
        'Pregnant or breastfeeding: no permanent make-up.',
      ),
    ),
    activeInfection('rules_out'),
    yesNo(
      'cold_sores_history',
      'contra_indication',
      t('Heb je weleens een koortslip gehad?', 'Have you ever had cold sores?'),
      [
        rule(
          'affects',
          t(
            'Koortslip in de voorgeschiedenis: bij lippen eerst antivirale middelen via de huisarts.',
            'History of cold sores: for lips, antiviral medication from the GP first.',
          ),
        ),
      ],
    ),
    bloodThinners('affects'),
    keloid('rules_out'),
    yesNo(
      'pigment_or_nickel_allergy',
      'allergy',
      t(
        'Ben je allergisch voor nikkel, metalen, haarverf of tatoeagepigment?',
        'Are you allergic to nickel, metals, hair dye or tattoo pigment?',
      ),
      [
        rule(
          'rules_out',
          t(
            'Allergie voor pigment of nikkel: niet behandelen zonder een negatieve allergietest.',
            'Pigment or nickel allergy: do not treat without a negative patch test.',
          ),
        ),
      ],
    ),
    yesNo(
      'lidocaine_allergy',
      'allergy',
      t(
        'Ben je allergisch voor verdovingscrème of lidocaïne?',
        'Are you allergic to numbing cream or lidocaine?',
      ),
      [
        rule(
          'affects',
          t(
            'Allergie voor lidocaïne: geen verdovingscrème gebruiken.',
            'Lidocaine allergy: do not use numbing cream.',
          ),
        ),
      ],
    ),
    yesNo(
      'previous_pmu_in_area',
      'contra_indication',
      t(
        'Heb je al permanente make-up of microblading in het te behandelen gebied?',
        'Do you already have permanent make-up or microblading in the area?',
      ),
      [
        rule(
          'affects',
          t(
            'Eerdere permanente make-up: kleur en vorm beoordelen; eventueel eerst laten verwijderen.',
            'Previous permanent make-up: assess colour and shape; it may need removing first.',
          ),
        ),
      ],
    ),
    isotretinoin('affects'),
    ...commonQuestions(),
  ],
};

export const defaultTemplates: DefaultTemplate[] = [
  facial,
  chemicalPeel,
  microneedling,
  iplLaser,
  permanentMakeup,
];
