import 'i18next';
import type { agendaNl } from './agenda-nl';
import type { invoicesNl } from './invoices-nl';
import type { nl } from './nl';
import type { shopNl } from './shop-nl';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: {
      translation: typeof nl;
      agenda: typeof agendaNl;
      invoices: typeof invoicesNl;
      shop: typeof shopNl;
    };
  }
}
