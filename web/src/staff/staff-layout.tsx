import { Anchor, AppShell, Burger, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { LanguageSwitcher } from '../shared/language-switcher';
import { MAIN_CONTENT_ID, SkipLink } from '../shared/skip-link';
import { ROLE_LABEL } from './session/role-label';
import { useKnownSession } from './session/session-query';
import { SignOutButton } from './session/sign-out-button';
import classes from './staff-layout.module.css';
import { StaffNavigation } from './staff-navigation';
import { VersionFooter } from './version-footer';

export function StaffLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const session = useKnownSession();
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'md', collapsed: { mobile: !opened } }}
      footer={{ height: 36 }}
      padding="md"
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="md"
              size="sm"
              aria-label={opened ? t('staff.closeNavigation') : t('staff.openNavigation')}
              aria-expanded={opened}
              aria-controls="staff-navigation"
            />
            <Anchor component={Link} to="/app" className={classes.brand} fz="lg">
              {t('common.brand')}
            </Anchor>
            <Text size="sm" className={classes.area} visibleFrom="xs">
              {t('staff.areaName')}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitcher />
            {session && <SignOutButton />}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar id="staff-navigation" p="sm" aria-label={t('staff.navLabel')}>
        <AppShell.Section grow>
          <StaffNavigation session={session} onNavigate={close} />
        </AppShell.Section>
        <AppShell.Section>
          {session && (
            <Text size="sm" px="sm" py="xs" c="dimmed" data-testid="signed-in-as">
              {t('staff.signedInAs', { name: session.staff.name, role: t(ROLE_LABEL[session.staff.role]) })}
            </Text>
          )}
          <NavLink component={Link} to="/" label={t('staff.navPublicSite')} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1} className={classes.main}>
        <Outlet />
      </AppShell.Main>
      <AppShell.Footer px="md">
        <VersionFooter />
      </AppShell.Footer>
    </AppShell>
  );
}
