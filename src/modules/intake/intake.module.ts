import type { Config } from '../../config';
import type { ClientKeys } from '../access/client-keys';
import type { AccessGate } from '../access/gate';
import type { ConsentLedger } from '../privacy/consent.service';
import { IntakeForms } from './intake.service';
import { IntakeLinks } from './intake-link.service';
import { IntakeTemplates } from './intake-templates.service';

/** The intake module's services, as the app context holds them. */
export type IntakeModule = { templates: IntakeTemplates; forms: IntakeForms; links: IntakeLinks };

export function intakeModule(
  gate: AccessGate,
  clientKeys: ClientKeys,
  config: Config,
  consents: ConsentLedger,
): IntakeModule {
  return {
    templates: new IntakeTemplates(gate),
    forms: new IntakeForms(gate, clientKeys, config, consents),
    links: new IntakeLinks(gate, clientKeys, consents),
  };
}
