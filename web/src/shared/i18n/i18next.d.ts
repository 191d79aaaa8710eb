import 'i18next';
import type { agendaNl } from './agenda-nl';
import type { auditNl } from './audit-nl';
import type { breakGlassNl } from './break-glass-nl';
import type { cancelPageNl } from './cancel-page-nl';
import type { contraNl } from './contra-nl';
import type { correctionNl } from './correction-nl';
import type { intakeEditorNl } from './intake-editor-nl';
import type { invoicesNl } from './invoices-nl';
import type { locationsNl } from './locations-nl';
import type { nl } from './nl';
import type { photoComparisonNl } from './photo-comparison-nl';
import type { shopNl } from './shop-nl';
import type { startNl } from './start-nl';
import type { teamNl } from './team-nl';
import type { treatmentTypesNl } from './treatment-types-nl';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: {
      translation: typeof nl;
      agenda: typeof agendaNl;
      invoices: typeof invoicesNl;
      audit: typeof auditNl;
      start: typeof startNl;
      team: typeof teamNl;
      breakGlass: typeof breakGlassNl;
      contra: typeof contraNl;
      treatmentTypes: typeof treatmentTypesNl;
      photoComparison: typeof photoComparisonNl;
      shop: typeof shopNl;
      cancelPage: typeof cancelPageNl;
      intakeEditor: typeof intakeEditorNl;
      correction: typeof correctionNl;
      locations: typeof locationsNl;
    };
  }
}
