import { NavLink } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { usePrivacyText } from '../privacy/privacy-text';
import type { Session } from './session/session-query';

const SIGNED_IN_ITEMS = [
  { to: '/app', label: 'staff.navHome', ownerOnly: false },
  { to: '/app/clients', label: 'staff.navClients', ownerOnly: false },
  { to: '/app/agenda', label: 'agenda:nav', ownerOnly: false },
  { to: '/app/invoices', label: 'invoices:nav', ownerOnly: false, notFor: 'practitioner' },
  { to: '/app/orders', label: 'shop:staff.navOrders', ownerOnly: false, notFor: 'practitioner' },
  { to: '/app/stock', label: 'shop:staff.navStock', ownerOnly: false, notFor: 'practitioner' },
  { to: '/app/team', label: 'staff.navTeam', ownerOnly: true },
  { to: '/app/catalogue', label: 'staff.navCatalogue', ownerOnly: true },
  { to: '/app/locations', label: 'locations:nav', ownerOnly: true },
  { to: '/app/resources', label: 'agenda:resources.nav', ownerOnly: true },
  { to: '/app/audit', label: 'staff.navAudit', ownerOnly: true },
  { to: '/app/outbox', label: 'staff.navOutbox', ownerOnly: true },
  { to: '/app/insights', label: 'start:insights.nav', ownerOnly: true },
  // Every role has a privacy page; what it shows depends on the role. Its label is a privacy text.
  { to: '/app/privacy', label: null, ownerOnly: false },
  { to: '/app/account', label: 'staff.navAccount', ownerOnly: false },
] as const;

const SIGNED_OUT_ITEMS = [{ to: '/app/login', label: 'staff.navSignIn', ownerOnly: false }] as const;

/** The menu: what a role may use; before sign-in only "sign in". */
export function StaffNavigation({ session, onNavigate }: { session?: Session; onNavigate: () => void }) {
  const { t } = useTranslation(['translation', 'agenda', 'invoices', 'start', 'shop', 'locations']);
  const { pathname } = useLocation();
  const privacyText = usePrivacyText();
  const items = session
    ? SIGNED_IN_ITEMS.filter(
        (item) =>
          (!item.ownerOnly || session.staff.role === 'owner') &&
          !('notFor' in item && item.notFor === session.staff.role),
      )
    : SIGNED_OUT_ITEMS;
  return items.map((item) => {
    const active = item.to === '/app' ? pathname === '/app' : pathname.startsWith(item.to);
    return (
      <NavLink
        key={item.to}
        component={Link}
        to={item.to}
        label={item.label ? t(item.label) : privacyText('nav')}
        active={active}
        aria-current={active ? 'page' : undefined}
        onClick={onNavigate}
      />
    );
  });
}
