import type { contraNl } from './contra-nl';

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const contraEn: Texts<typeof contraNl> = {
  confirmRulesOut: 'I discussed this and go ahead, although the intake rules this treatment out',
  reasonTitle: 'The intake rules this treatment out',
  reasonLabel: 'Why do you go ahead?',
  reasonDescription:
    'Required: what makes the treatment responsible now (a physician’s consent, for example)? It is kept with the report. At least {{min}} characters.',
  reasonMissing: 'Write down why you go ahead (at least {{min}} characters).',
  reasonShown: 'Reason to go ahead',
};
