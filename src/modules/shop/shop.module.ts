import type { Config } from '../../config';
import type { ClientKeys } from '../access/client-keys';
import type { AccessGate } from '../access/gate';
import type { Invoices } from '../invoices/invoice.service';
import type { ConsentLedger } from '../privacy/consent.service';
import type { PrivacyStatements } from '../privacy/privacy-statement.service';
import { ShopCatalogue } from './catalogue-stock.service';
import { Checkout } from './checkout.service';
import { Fulfilment } from './fulfilment';
import { MollieGateway } from './mollie';
import { Orders } from './orders.service';
import { Payments } from './payments.service';

export type ShopModule = {
  mollie: MollieGateway;
  catalogue: ShopCatalogue;
  checkout: Checkout;
  payments: Payments;
  orders: Orders;
};

/** The webshop's services, wired once. */
export function shopModule(deps: {
  gate: AccessGate;
  config: Config;
  invoices: Invoices;
  keys: ClientKeys;
  consents: ConsentLedger;
  statements: PrivacyStatements;
}): ShopModule {
  const mollie = new MollieGateway(deps.config);
  const fulfilment = new Fulfilment(deps.invoices, deps.keys, deps.consents, deps.config);
  const payments = new Payments(deps.gate, mollie, fulfilment);
  return {
    mollie,
    catalogue: new ShopCatalogue(
      deps.gate,
      () => mollie.enabled,
      async (scope) => (await deps.statements.currentIn(scope.tx, scope.now))?.version ?? null,
    ),
    checkout: new Checkout(deps.gate, mollie, deps.consents, deps.config),
    payments,
    orders: new Orders(deps.gate, mollie, deps.invoices, fulfilment, (scope, id) =>
      payments.linkPending(scope, id),
    ),
  };
}
